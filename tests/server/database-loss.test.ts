// The database fails a booking mid-way: its connection dies (PostgreSQL restarted, a failover, an operator ending
// the session) or a lock it needs is held by a stuck session. The driver is told to try again, nothing of the
// half-made booking is stored, the API process keeps serving, and the retry books exactly once. PostgreSQL only:
// PGlite runs in the process and has no connection to lose.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { buildApp } from '../../server/app';
import { memoryMailer } from '../../server/auth/mailer';
import { type DatabaseTarget, openDatabase } from '../../server/db';
import { postgresAvailable } from '../helpers/pg';
import { type Account, type TestApp, addVehicle, createLot, register, startTestApp, testConfig, window } from './app';

describe.runIf(postgresAvailable())('a booking whose database connection dies mid-way', () => {
  let t: TestApp;
  let base: string;
  let owner: Account;
  let driver: Account;
  let vehicle: string;
  let other: pg.Client;

  beforeAll(async () => {
    t = await startTestApp('postgres');
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    owner = await register(t.app, 'owner');
    driver = await register(t.app);
    vehicle = await addVehicle(t, driver);
    other = new pg.Client({ connectionString: t.database.url });
    await other.connect();
  });
  afterAll(async () => {
    await other?.end();
    await t?.close();
  });

  const book = (body: Record<string, unknown>) =>
    fetch(`${base}/api/bookings`, { method: 'POST', headers: { ...driver.auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  /** The backend of the API's connection that waits for a lock held by `other`. */
  async function waitingBackend(): Promise<number> {
    for (let i = 0; i < 200; i++) {
      const r = await other.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
      );
      if (r.rows[0]) return r.rows[0].pid;
      await new Promise((done) => setTimeout(done, 10));
    }
    throw new Error('no API connection is waiting for the lock');
  }

  /**
   * The same database through a second app with other connection settings (tokens of the first still good);
   * closed at the end of the test.
   */
  async function secondApp(target: Omit<Extract<DatabaseTarget, { url: string }>, 'url'>): Promise<string> {
    const database = await openDatabase({ url: t.database.url!, ...target });
    const app = await buildApp(testConfig({ passSigner: t.config.passSigner, jwt: t.config.jwt }), database, { mailer: memoryMailer(), logger: false });
    onTestFinished(async () => {
      await app.close();
      await database.close();
    });
    return app.listen({ host: '127.0.0.1', port: 0 });
  }

  async function storedFor(lotId: string) {
    const r = await other.query<{ bookings: number; feed: number; notifications: number; mails: number }>(
      `SELECT (SELECT count(*)::int FROM bookings WHERE spot_id = $1) AS bookings,
              (SELECT count(*)::int FROM sync_feed WHERE lot_id = $1 AND entity = 'booking') AS feed,
              (SELECT count(*)::int FROM notifications WHERE user_id = $2) AS notifications,
              (SELECT count(*)::int FROM mail_outbox WHERE to_address = $3) AS mails`,
      [lotId, driver.id, driver.email],
    );
    return r.rows[0]!;
  }

  it('killed after its booking row is written, before commit: 503 "retry", nothing stored, the retry books once', async () => {
    const lot = await createLot(t, owner, { total_slots: 3 });
    // A first booking gives the lot its sync feed head; holding that row makes the next booking's one insert
    // statement (booking, feed entry, notification, e-mail, live events) wait there, inside its transaction.
    expect((await book({ spot_id: lot.id, vehicle_id: vehicle, ...window(2, 1) })).status).toBe(201);
    const before = await storedFor(lot.id);

    await other.query('BEGIN');
    await other.query('SELECT seq FROM sync_lot_heads WHERE lot_id = $1 FOR UPDATE', [lot.id]);
    const id = randomUUID();
    const attempt = book({ id, spot_id: lot.id, vehicle_id: vehicle, ...window(5, 1) });
    const pid = await waitingBackend();
    await other.query('SELECT pg_terminate_backend($1)', [pid]);
    const failed = await attempt;
    await other.query('COMMIT');

    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).toBe('1');
    expect(((await failed.json()) as { error: { code: string } }).error.code).toBe('database_unavailable');
    expect(await storedFor(lot.id)).toEqual(before);

    // The process serves on (the pool replaced the dead connection), and the retry books once.
    const retried = await book({ id, spot_id: lot.id, vehicle_id: vehicle, ...window(5, 1) });
    expect(retried.status).toBe(201);
    expect(((await retried.json()) as { id: string }).id).toBe(id);
    const after = await storedFor(lot.id);
    expect(after.bookings).toBe(before.bookings + 1);
    expect(after.feed).toBe(before.feed + 1);
  });

  it('killed while waiting for the lot: the same answer, and the lot is bookable right after', async () => {
    const lot = await createLot(t, owner, { total_slots: 1 });
    await other.query('BEGIN');
    await other.query('SELECT id FROM parking_spots WHERE id = $1 FOR UPDATE', [lot.id]);
    const attempt = book({ spot_id: lot.id, vehicle_id: vehicle, ...window(8, 1) });
    await other.query('SELECT pg_terminate_backend($1)', [await waitingBackend()]);
    const failed = await attempt;
    await other.query('COMMIT');
    expect(failed.status).toBe(503);
    expect(await storedFor(lot.id)).toMatchObject({ bookings: 0, feed: 0 });
    expect((await book({ spot_id: lot.id, vehicle_id: vehicle, ...window(8, 1) })).status).toBe(201);
  });

  it('a lot held locked by a stuck session: 503 "busy" after the lock timeout, nothing stored, booked once it is free', async () => {
    // Connections that wait at most 300 ms for a lock.
    const url = await secondApp({ poolSize: 2, lockTimeoutMs: 300 });
    const lot = await createLot(t, owner, { total_slots: 2 });
    const booking = { spot_id: lot.id, vehicle_id: vehicle, ...window(11, 1) };
    const post = () => fetch(`${url}/api/bookings`, { method: 'POST', headers: { ...driver.auth, 'content-type': 'application/json' }, body: JSON.stringify(booking) });
    await other.query('BEGIN');
    await other.query('SELECT id FROM parking_spots WHERE id = $1 FOR UPDATE', [lot.id]);
    const refused = await post();
    await other.query('COMMIT');
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('database_busy');
    expect(await storedFor(lot.id)).toMatchObject({ bookings: 0, feed: 0 });
    expect((await post()).status).toBe(201);
  });

  it('every pooled connection stuck behind a lock: other requests get 503 after the pool wait, then all completes', async () => {
    // One connection, no lock timeout: a booking waiting for a held lot keeps the whole pool.
    const url = await secondApp({ poolSize: 1, poolWaitMs: 300 });
    const lot = await createLot(t, owner, { total_slots: 2 });
    await other.query('BEGIN');
    await other.query('SELECT id FROM parking_spots WHERE id = $1 FOR UPDATE', [lot.id]);
    const stuck = fetch(`${url}/api/bookings`, {
      method: 'POST',
      headers: { ...driver.auth, 'content-type': 'application/json' },
      body: JSON.stringify({ spot_id: lot.id, vehicle_id: vehicle, ...window(14, 1) }),
    });
    await waitingBackend();
    const listing = await fetch(`${url}/api/bookings`, { headers: driver.auth });
    expect(listing.status).toBe(503);
    expect(((await listing.json()) as { error: { code: string } }).error.code).toBe('database_unavailable');
    await other.query('COMMIT');
    expect((await stuck).status).toBe(201);
    expect((await fetch(`${url}/api/bookings`, { headers: driver.auth })).status).toBe(200);
  });
});
