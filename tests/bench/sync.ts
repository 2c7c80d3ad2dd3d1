/**
 * Sync benchmark on real PostgreSQL and a real booth SQLite file:
 * - catch-up: a booth 100,000 changes behind pulls them all (goal ≤ 5 s), printed beside the raw SQLite insert
 *   rate of the same machine in the same run (100,000 plain rows in one transaction), for scale;
 * - convergence: a booth back online with a 1,000-command outbox pushes it all and pulls the result (goal ≤ 5 s).
 * The API runs as its own process (`server/main.ts`); the booth is a real SQLite file in this one.
 * Uses DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) to create and drop its own database.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 } from 'uuid';
import { appendChanges } from '../../server/sync/feed';
import type { SyncBooking } from '../../src/shared/sync/protocol';
import { enrollmentCode, startSyncApi } from '../sync/api';
import { openTestBooth, removeBooth } from '../sync/booth';
import { freePort, startApiProcess } from '../sync/processes';
import type { Figure } from './figure';

const CHANGES = 100_000;
const OUTBOX_PAIRS = 500;

function rawSqliteRate(): number {
  const dir = mkdtempSync(join(tmpdir(), 'parkpass-raw-'));
  const db = new Database(join(dir, 'raw.db'));
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE t (id TEXT PRIMARY KEY, lot_id TEXT NOT NULL, plate TEXT NOT NULL, start_time INTEGER NOT NULL, status TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO t VALUES (?, ?, ?, ?, ?)');
  const started = performance.now();
  db.transaction(() => {
    for (let i = 0; i < CHANGES; i++) insert.run(v7(), 'lot', `P${i}`, i, 'pending');
  })();
  const ms = performance.now() - started;
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return CHANGES / (ms / 1000);
}

/** CPU seconds a process has used so far (Linux /proc; null elsewhere): on a shared machine, wall time mostly
 * measures the neighbours, CPU time what the work itself costs. */
function cpuSeconds(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks (100 Hz)
  } catch {
    return null;
  }
}

export async function run(): Promise<Figure[]> {
  const load = loadavg()[0] ?? 0;
  const api = await startSyncApi(50);
  // The booths talk to the API in its own process, as they would in the field (not sharing this event loop).
  const server = await startApiProcess(api.t.database.url!, api.t.config, await freePort());
  const enrolled = async (name: string) => {
    const b = openTestBooth();
    await b.booth.sync.enroll(server.url, await enrollmentCode(api, api.lotId), name);
    return b;
  };
  const figures: Figure[] = [];
  try {
    const reader = await enrolled('Catch-up');
    const readerId = reader.db.prepare("SELECT value FROM settings WHERE key = 'sync.device_id'").pluck().get() as string;
    const now = Date.now();
    for (let done = 0; done < CHANGES; done += 5_000) {
      // Each booking as the API makes it, signed pass included (the pass index and page size are part of the cost).
      const changes = Array.from({ length: 5_000 }, (_, i): { entity: 'booking'; data: SyncBooking } => {
        const id = v7();
        const start = now + ((done + i) % 500) * 60_000;
        const plate = `B${done + i}`;
        const qr = api.t.config.passSigner.sign({ booking_id: id, lot_id: api.lotId, valid_from: start, valid_until: start + 7_200_000, plate });
        return {
          entity: 'booking',
          data: {
            id, lot_id: api.lotId, bay_number: null, vehicle_number: plate, vehicle_model: 'Estate', remarks: null, source: 'prebooked',
            status: 'pending', start_time: start, end_time: start + 7_200_000,
            check_in_time: null, check_out_time: null, pin: String((done + i) % 10_000).padStart(4, '0'), qr_code: qr,
            total_cost_cents: 800, parking_cost_cents: null, payment_status: 'paid',
          },
        };
      });
      await api.t.database.db.transaction((tx) => appendChanges(tx, api.lotId, changes));
    }
    const raw = rawSqliteRate();
    const apiCpu = cpuSeconds(server.child.pid!);
    const boothCpu = process.cpuUsage();
    let started = performance.now();
    const pulled = await reader.booth.sync.pullAll();
    const catchUpMs = performance.now() - started;
    const boothUsed = process.cpuUsage(boothCpu);
    const apiUsed = apiCpu === null ? null : cpuSeconds(server.child.pid!)! - apiCpu;
    if (pulled !== CHANGES) throw new Error(`pulled ${pulled} changes, expected ${CHANGES}`);
    figures.push(
      { name: `catch-up of ${CHANGES.toLocaleString('en')} changes`, value: catchUpMs / 1000, unit: 's', goal: '≤ 5 s', met: catchUpMs <= 5_000 },
      { name: 'catch-up rate (pull + apply)', value: Math.round(CHANGES / (catchUpMs / 1000)), unit: 'changes/s', goal: null, met: null },
      { name: 'raw SQLite insert rate, same machine', value: Math.round(raw), unit: 'rows/s', goal: null, met: null },
      { name: 'catch-up CPU time, booth process (fetch, parse, apply)', value: (boothUsed.user + boothUsed.system) / 1e6, unit: 's', goal: null, met: null },
      ...(apiUsed === null ? [] : [{ name: 'catch-up CPU time, API process', value: apiUsed, unit: 's', goal: null, met: null }]),
    );
    removeBooth(reader);
    // A booth that is gone gives its walk-in lease back once revoked.
    await api.t.app.inject({ method: 'POST', url: `/api/devices/${readerId}/revoke`, headers: api.owner.auth });

    const gate = await enrolled('Back online');
    await gate.booth.sync.syncOnce();
    const ctx = await gate.ctx();
    gate.net.offline = true;
    for (let i = 0; i < OUTBOX_PAIRS; i++) {
      const { booking } = await gate.booth.handlers['walkin.admit']({ lot_id: api.lotId, vehicle_number: `OB${i}` }, ctx);
      await gate.booth.handlers['release.complete']({ booking_id: booking.id, method: 'nil', amount_cents: 0, lost_pass: false, reason: 'bench churn' }, ctx);
    }
    const depth = gate.booth.sync.outbox.depth();
    gate.net.offline = false;
    started = performance.now();
    await gate.booth.sync.syncOnce();
    const convergeMs = performance.now() - started;
    if (gate.booth.sync.outbox.depth() !== 0) throw new Error('outbox not drained');
    figures.push({ name: `convergence of a ${depth.toLocaleString('en')}-command outbox`, value: convergeMs / 1000, unit: 's', goal: '≤ 5 s', met: convergeMs <= 5_000 });
    removeBooth(gate);
    figures.push({ name: `machine load average (1 min) at start, ${cpus().length} CPUs`, value: load, unit: '', goal: null, met: null });
  } finally {
    await server.kill();
    await api.close();
  }
  return figures;
}
