// An API process freezes (SIGSTOP here; a VM paused, a host cut off the network, a debugger) in the middle of a
// booking, after its statements ran and before its COMMIT. Its transaction holds the lot's row lock and, while
// open, holds back live events server-wide. PostgreSQL ends that session after
// DATABASE_IDLE_TRANSACTION_TIMEOUT: the lot is bookable from another process again, the frozen booking is
// rolled back, and the frozen process, once it runs again, tells its driver to retry and serves on.
// PostgreSQL only: PGlite lives inside one process.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { memoryMailer } from '../../server/auth/mailer';
import { openDatabase } from '../../server/db';
import { apiEnv, spawnApi, type ApiProcess } from '../helpers/api-process';
import { postgresAvailable } from '../helpers/pg';
import { type Account, type TestApp, addVehicle, createLot, register, startTestApp, testConfig, window } from './app';

describe.runIf(postgresAvailable())('an API process that freezes inside a booking', () => {
  let t: TestApp;
  let frozen: ApiProcess;
  let frozenUrl: string;
  let otherUrl: string;
  let closeOther: () => Promise<void>;
  let dataDir: string;
  let watcher: pg.Client;

  beforeAll(async () => {
    t = await startTestApp('postgres');
    dataDir = mkdtempSync(join(tmpdir(), 'pp-frozen-'));
    // The same secrets as the test app, so one account's token works in both processes.
    frozen = spawnApi(
      apiEnv({
        DATABASE_URL: t.database.url!,
        PARKPASS_DATA_DIR: dataDir,
        JWT_SECRET: t.config.jwt.secret,
        JWT_REFRESH_SECRET: t.config.jwt.refreshSecret,
        PASS_SIGNING_KEY: t.config.passSigner.toPkcs8(),
        DATABASE_IDLE_TRANSACTION_TIMEOUT: '1s',
      }),
    );
    frozenUrl = await frozen.listening();
    // Another API process on the same database, waiting at most 5 s for a lock before it answers 503.
    const database = await openDatabase({ url: t.database.url!, lockTimeoutMs: 5_000 });
    const app = await buildApp(testConfig({ passSigner: t.config.passSigner, jwt: t.config.jwt }), database, { mailer: memoryMailer(), logger: false });
    otherUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    closeOther = async () => {
      await app.close();
      await database.close();
    };
    watcher = new pg.Client({ connectionString: t.database.url });
    await watcher.connect();
  });
  afterAll(async () => {
    frozen?.child.kill('SIGCONT');
    frozen?.child.kill('SIGTERM');
    await frozen?.exited;
    await watcher?.end();
    await closeOther?.();
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const book = (base: string, who: Account, body: Record<string, unknown>) =>
    fetch(`${base}/api/bookings`, { method: 'POST', headers: { ...who.auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  /** A session of the test database (other than the watcher's) in `state`, if any. */
  async function backendOf(state: string): Promise<number | null> {
    const r = await watcher.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = $1`,
      [state],
    );
    return r.rows[0]?.pid ?? null;
  }

  it('PostgreSQL ends its session: the lot is bookable elsewhere at once, its booking is undone, and it serves on', async () => {
    const owner = await register(t.app, 'owner');
    const lot = await createLot(t, owner, { total_slots: 1 });
    const first = await register(t.app);
    const second = await register(t.app);
    const firstVehicle = await addVehicle(t, first);
    const secondVehicle = await addVehicle(t, second);
    // A booking of another hour gives the lot its sync feed head; holding that row stops the frozen process's
    // booking inside its transaction, after it has locked the lot.
    expect((await book(frozenUrl, first, { spot_id: lot.id, vehicle_id: firstVehicle, ...window(30, 1) })).status).toBe(201);
    await watcher.query('BEGIN');
    await watcher.query('SELECT seq FROM sync_lot_heads WHERE lot_id = $1 FOR UPDATE', [lot.id]);
    const hour = window(2, 1);
    const frozenBooking = book(frozenUrl, first, { spot_id: lot.id, vehicle_id: firstVehicle, ...hour });
    let waiting: number | null = null;
    for (let i = 0; i < 500 && waiting === null; i++) {
      const r = await watcher.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
      waiting = r.rows[0]?.pid ?? null;
      if (waiting === null) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(waiting).not.toBeNull();
    // Frozen now; its statement then completes, and its session sits in the transaction waiting for a COMMIT.
    frozen.child.kill('SIGSTOP');
    await watcher.query('COMMIT');

    // Freed by the 1 s timeout: without it the frozen session keeps the lot locked, and the other process's 5 s
    // lock timeout answers 503.
    const elsewhere = await book(otherUrl, second, { spot_id: lot.id, vehicle_id: secondVehicle, ...hour });
    expect(elsewhere.status).toBe(201);
    expect(await backendOf('idle in transaction')).toBeNull();

    frozen.child.kill('SIGCONT');
    const answer = await frozenBooking;
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('1');
    const stored = await watcher.query<{ vehicle_id: string }>(
      `SELECT vehicle_id FROM bookings WHERE spot_id = $1 AND start_time = $2 AND status <> 'cancelled'`,
      [lot.id, hour.start_time],
    );
    expect(stored.rows.map((r) => r.vehicle_id)).toEqual([secondVehicle]);
    // It serves on: the one bay is taken for that hour, so its retry is refused as full, and another hour books.
    expect((await book(frozenUrl, first, { spot_id: lot.id, vehicle_id: firstVehicle, ...hour })).status).toBe(409);
    expect((await book(frozenUrl, first, { spot_id: lot.id, vehicle_id: firstVehicle, ...window(4, 1) })).status).toBe(201);
  });
});
