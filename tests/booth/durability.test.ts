import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openBooth } from '../../src/main/booth';

const dir = mkdtempSync(join(tmpdir(), 'parkpass-kill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the churn script until it has done `ticks` rounds, then SIGKILLs it mid-flight. */
function churnThenKill(ticks: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'churn.ts'), dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      const last = /tick (\d+)\s*$/.exec(d.toString());
      // A small random delay so the kill lands at a different point of a transaction each run.
      if (last && Number(last[1]) >= ticks) setTimeout(() => child.kill('SIGKILL'), Math.random() * 20);
    });
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve(0) : reject(new Error(`churn exited ${code}: ${stderr}`))));
  });
}

describe('durability', () => {
  it('survives SIGKILL mid-loop: integrity ok, every decision has its audit row and outbox command, no half-changed booking', async () => {
    await churnThenKill(100);
    // Reopening runs the same path as a booth restart (WAL replay, migrations check).
    openBooth({ dataDir: dir, seedDemo: true, logger: { info() {}, warn() {} } }).close();
    const db = new Database(join(dir, 'booth.db'), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
      const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
      expect(count("SELECT count(*) AS n FROM audit_log WHERE kind = 'gate.decision'")).toBeGreaterThanOrEqual(300);
      // Every audit row's command exists, and every command has its audit row.
      expect(count('SELECT count(*) AS n FROM audit_log a LEFT JOIN outbox o ON o.id = a.outbox_id WHERE o.id IS NULL')).toBe(0);
      expect(count('SELECT count(*) AS n FROM outbox o LEFT JOIN audit_log a ON a.outbox_id = o.id WHERE a.id IS NULL')).toBe(0);
      // Each admitted decision's booking was checked in; each release has a completed booking and a payment.
      expect(count(`SELECT count(*) AS n FROM audit_log a JOIN bookings b ON b.id = a.booking_id
                    WHERE a.kind = 'gate.decision' AND json_extract(a.detail, '$.decision') = 'ADMIT' AND b.check_in_time IS NULL`)).toBe(0);
      expect(count(`SELECT count(*) AS n FROM audit_log a LEFT JOIN bookings b ON b.id = a.booking_id
                    WHERE a.kind IN ('gate.decision', 'walkin.admit') AND json_extract(a.detail, '$.decision') IS NOT 'DENY' AND b.id IS NULL`)).toBe(0);
      expect(count(`SELECT count(*) AS n FROM audit_log a JOIN bookings b ON b.id = a.booking_id
                    WHERE a.kind = 'release' AND (b.status <> 'completed' OR NOT EXISTS (SELECT 1 FROM booth_payments p WHERE p.booking_id = b.id))`)).toBe(0);
      // Bays and bookings agree both ways.
      expect(count(`SELECT count(*) AS n FROM bays y LEFT JOIN bookings b ON b.id = y.booking_id
                    WHERE y.status = 'occupied' AND (b.status IS NOT 'active' OR b.bay_id IS NOT y.id)`)).toBe(0);
      expect(count(`SELECT count(*) AS n FROM bookings b JOIN bays y ON y.id = b.bay_id
                    WHERE b.status = 'active' AND y.booking_id IS NOT b.id`)).toBe(0);
      expect(count("SELECT count(*) AS n FROM bookings WHERE status = 'completed' AND (check_out_time IS NULL OR parking_cost_cents IS NULL)")).toBe(0);
    } finally {
      db.close();
    }
  });
});
