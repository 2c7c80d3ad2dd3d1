// Two real API processes (`tsx server/main.ts`, as `npm run server` starts it) on one PostgreSQL database:
// what a request to one causes arrives on the other's live streams (WebSocket and SSE).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiProcess, apiEnv, spawnApi } from '../helpers/api-process';
import { postgresAvailable } from '../helpers/pg';
import { createTestDatabase, type TestDatabase } from './pg';
import { openSocket, openSse } from './live-clients';

// Real PostgreSQL only (LISTEN/NOTIFY between connections or processes); without DATABASE_URL the
// embedded PGlite cannot play that part.
describe.runIf(postgresAvailable())('two API processes on one PostgreSQL', () => {
  let db: TestDatabase;
  let dataDir: string;
  const procs: ApiProcess[] = [];
  const urls: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('pp2procs');
    dataDir = mkdtempSync(join(tmpdir(), 'pp2-procs-'));
    // One environment for both: the same secrets, so a token from one is good at the other.
    const env = apiEnv({ DATABASE_URL: db.url, PARKPASS_DATA_DIR: dataDir });
    for (let i = 0; i < 2; i++) {
      procs.push(spawnApi(env));
      urls.push(await procs[i]!.listening());
    }
  }, 120_000);

  afterAll(async () => {
    for (const p of procs) p.child.kill('SIGTERM');
    await Promise.all(procs.map((p) => p.exited));
    rmSync(dataDir, { recursive: true, force: true });
    await db?.drop();
  });

  const post = async (url: string, path: string, body: unknown, token?: string) => {
    const res = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
      body: JSON.stringify(body),
    });
    return (await res.json()) as Record<string, unknown> & { id: string; access_token: string; user: { id: string } };
  };

  it('an event caused through one API process arrives on the other one’s live streams', async () => {
    const [a, b] = urls as [string, string];
    const owner = await post(a, '/api/auth/register', { email: 'owner@two.test', password: 'correct horse battery', name: 'Owner', user_type: 'owner' });
    const ana = await post(b, '/api/auth/register', { email: 'ana@two.test', password: 'correct horse battery', name: 'Ana' });
    const lot = await post(a, '/api/spots', { name: 'Two Process Garage', address: '2 Main St', latitude: 51.5, longitude: -0.12, total_slots: 5, price_cents: 300, price_type: 'hour', time_zone: 'UTC' }, owner.access_token);

    const ws = await openSocket(b, { authorization: `Bearer ${ana.access_token}` });
    ws.send({ type: 'subscribe', topics: ['user:me', `lot:${lot.id}`] });
    await ws.inbox.wait((m) => m.type === 'subscribed');
    const sse = await openSse(a, 'topics=user:me', { authorization: `Bearer ${ana.access_token}` });
    await sse.frames.wait((f) => f.event === 'subscribed');

    const vehicle = await post(b, '/api/vehicles', { make: 'Mini', model: 'Cooper', license_plate: 'TWO1' }, ana.access_token);
    const start = new Date(Date.now() + 3 * 3_600_000);
    const booking = await post(a, '/api/bookings', { spot_id: lot.id, vehicle_id: vehicle.id, start_time: start.toISOString(), end_time: new Date(start.getTime() + 3_600_000).toISOString() }, ana.access_token);
    expect(booking.status).toBe('pending');

    // Caused on A, seen on B's WebSocket: the notification, the booking and the lot's availability.
    await ws.inbox.wait((m) => m.type === 'event' && m.event.kind === 'notification' && (m.event.data as { title: string }).title === 'Booking confirmed', 10_000);
    await ws.inbox.wait((m) => m.type === 'event' && m.event.kind === 'availability' && m.event.topic === `lot:${lot.id}`, 10_000);
    // Caused on B, seen on A's SSE stream.
    await fetch(`${b}/api/bookings/${booking.id}/cancel`, { method: 'PUT', headers: { authorization: `Bearer ${ana.access_token}`, 'content-type': 'application/json' }, body: '{}' });
    const cancelled = await sse.frames.wait((f) => f.data.includes('"status":"cancelled"'), 10_000);
    expect(JSON.parse(cancelled.data)).toMatchObject({ topic: `user:${ana.user.id}`, kind: 'booking' });
    await ws.close();
    sse.close();
  });
});
