/**
 * CPU time used by this process and by the local PostgreSQL server, so a benchmark can say what a request
 * costs in CPU, not only in wall time. On a machine with n cores no scheduling of the work can serve more than
 * n ÷ (CPU per request) requests a second: that bound tells whether a throughput goal is reachable at all.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

export interface CpuTime {
  /** Milliseconds of CPU (user + system) used by this process. */
  node: number;
  /** Milliseconds of CPU used by every process named postgres on this machine; null where /proc cannot tell. */
  pg: number | null;
}

let ticksPerSecond: number | null = null;
function clockTicks(): number {
  if (ticksPerSecond === null) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** PostgreSQL's CPU so far: its postmaster, its backends and its background workers (Linux /proc). */
function postgresCpuMs(): number | null {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return null;
  }
  let ticks = 0;
  let found = false;
  for (const pid of pids) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // the process ended meanwhile
    }
    if (!stat.includes(' (postgres) ')) continue;
    // Fields after "pid (comm) ": state is the first, utime the 12th and stime the 13th (proc(5)).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += Number(fields[11]) + Number(fields[12]);
    found = true;
  }
  return found ? (ticks * 1000) / clockTicks() : null;
}

export function cpuNow(): CpuTime {
  const { user, system } = process.cpuUsage();
  return { node: (user + system) / 1000, pg: postgresCpuMs() };
}

/** CPU used since `start`. A backend that ended meanwhile takes its time with it: a floor, not an exact sum. */
export function cpuSince(start: CpuTime): CpuTime {
  const now = cpuNow();
  return { node: now.node - start.node, pg: now.pg === null || start.pg === null ? null : now.pg - start.pg };
}
