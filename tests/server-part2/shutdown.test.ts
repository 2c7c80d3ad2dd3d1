// Graceful shutdown of the real API process (`tsx server/main.ts`, as `npm run server` starts it): on SIGTERM it
// stops taking new connections, ends its event streams and live WebSockets (their clients resume elsewhere), lets
// the request in flight finish (a booking waiting for its lot), then exits 0 — also with the client's
// keep-alive connection still open.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiEnv, spawnApi } from '../helpers/api-process';
import { postgresAvailable } from '../helpers/pg';
import { openSocket } from './live-clients';
import { createTestDatabase, type TestDatabase } from './pg';

describe.runIf(postgresAvailable())('API shutdown on SIGTERM', () => {
  let db: TestDatabase;
  let dataDir: string;
  beforeAll(async () => {
    db = await createTestDatabase('ppstop');
    dataDir = mkdtempSync(join(tmpdir(), 'pp-stop-'));
  });
  afterAll(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    await db?.drop();
  });

  it('finishes the booking in flight, refuses new connections, and exits 0', async () => {
    const api = spawnApi(apiEnv({ DATABASE_URL: db.url, PARKPASS_DATA_DIR: dataDir }));
    const { child, exited } = api;
    const other = new pg.Client({ connectionString: db.url });
    try {
      const base = await api.listening();
      type Answer = { id: string; access_token: string; user: { id: string }; code: string; device_token: string };
      const post = async (path: string, body: unknown, token?: string) => {
        const res = await fetch(`${base}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
          body: JSON.stringify(body),
        });
        return { status: res.status, body: (await res.json()) as Answer };
      };
      const account = (user_type: string) =>
        post('/api/auth/register', { email: `${user_type}-${randomBytes(3).toString('hex')}@example.test`, password: 'correct horse battery', name: 'T', user_type });
      const owner = (await account('owner')).body.access_token;
      const driverAccount = (await account('customer')).body;
      const driver = driverAccount.access_token;
      const lot = (await post('/api/spots', { name: 'Stop', address: '1 St', latitude: 51.5, longitude: -0.12, total_slots: 2, price_cents: 300, price_type: 'hour' }, owner)).body.id;
      const vehicle = (await post('/api/vehicles', { make: 'T', model: 'C', license_plate: 'STOP1' }, driver)).body.id;

      // A live event stream stays open (a manager's screen), which must not hold the shutdown.
      const stream = await fetch(`${base}/api/live/events?topics=user:${driverAccount.user.id}`, { headers: { authorization: `Bearer ${driver}` } });
      expect(stream.status).toBe(200);
      const streamEnded = stream.text();
      // And a live WebSocket (a customer app).
      const socket = await openSocket(base, { authorization: `Bearer ${driver}` });
      // And a booth's sync event stream.
      const { code } = (await post('/api/devices/enrollment-codes', { lot_id: lot }, owner)).body;
      const booth = (await post('/api/devices/enroll', { code, booth_name: 'Gate A' })).body;
      const boothStream = await fetch(`${base}/api/sync/events`, { headers: { authorization: `Bearer ${booth.device_token}` } });
      expect(boothStream.status).toBe(200);
      const boothStreamEnded = boothStream.text();

      // The booking waits for its lot, held by another session, while the process is told to stop.
      await other.connect();
      await other.query('BEGIN');
      await other.query('SELECT id FROM parking_spots WHERE id = $1 FOR UPDATE', [lot]);
      const start = Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 3_600_000;
      const inFlight = post('/api/bookings', { spot_id: lot, vehicle_id: vehicle, start_time: new Date(start).toISOString(), end_time: new Date(start + 3_600_000).toISOString() }, driver);
      for (let i = 0; i < 200; i++) {
        const r = await other.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
        if (r.rowCount) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      child.kill('SIGTERM');
      await api.printed('shutting down');
      // New connections are refused once the server has closed its socket; one that slips in just before that
      // is answered 503, never served.
      const answers: Array<number | string> = [];
      for (let i = 0; i < 100 && answers.at(-1) !== 'ECONNREFUSED'; i++) {
        if (i > 0) await new Promise((r) => setTimeout(r, 10));
        answers.push(
          await fetch(`${base}/health`, { headers: { connection: 'close' } }).then(
            (r) => r.status,
            (err: Error) => (err.cause as { code?: string } | undefined)?.code ?? err.message,
          ),
        );
      }
      expect(answers.at(-1)).toBe('ECONNREFUSED');
      expect(answers.slice(0, -1).every((a) => a === 503)).toBe(true);
      expect(await streamEnded).toContain('event: subscribed'); // the server ended the streams
      expect(await boothStreamEnded).toContain('event: hello');
      expect(await socket.closed).toBe(1001); // "going away": reconnect elsewhere
      expect(child.exitCode).toBeNull(); // still finishing the booking

      await other.query('COMMIT');
      const booked = await inFlight;
      expect(booked.status).toBe(201);
      expect(await exited).toBe(0);
      const stored = await other.query('SELECT count(*)::int AS n FROM bookings WHERE spot_id = $1', [lot]);
      expect(stored.rows[0].n).toBe(1);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await other.end().catch(() => undefined);
    }
  }, 60_000);
});
