import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract } from '../../src/shared/contract';
import { SyncRevokedError } from '../../src/main/booth/sync/client';
import { type SyncApi, customerBooking, enrollmentCode, startSyncApi, syncBackend } from './api';
import { type TestBooth, openTestBooth, removeBooth } from './booth';

let api: SyncApi;
let gate: TestBooth;
beforeAll(async () => {
  api = await startSyncApi(10);
  // The loop polls only once a minute here: a booking seen within seconds came through the live stream.
  gate = openTestBooth(undefined, undefined, 60_000);
});
afterAll(async () => {
  if (gate) {
    await gate.booth.sync.stop();
    removeBooth(gate);
  }
  await api?.close();
});

/** Waits for `probe` to hold, checking every 20 ms, up to `ms`; returns whether it did. */
async function eventually(probe: () => boolean, ms = 5_000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (probe()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return probe();
}

const hasBooking = (id: string) => gate.db.prepare('SELECT 1 FROM bookings WHERE id = ?').get(id) !== undefined;

describe('live', () => {
  it('a manager enrolls the booth from its UI, and bookings then arrive without waiting for a poll', async () => {
    const manager = await gate.ctx('manager');
    const input = contract['sync.enroll'].input.parse({ api_url: api.url, code: await enrollmentCode(api, api.lotId), booth_name: 'East gate' });
    const status = contract['sync.enroll'].output.parse(await gate.booth.handlers['sync.enroll'](input, manager));
    expect(status).toMatchObject({ enrolled: true, online: true });
    await new Promise((r) => setTimeout(r, 300)); // let the stream connect
    const booking = await customerBooking(api);
    expect(await eventually(() => hasBooking(booking.id))).toBe(true);
  });

  it.runIf(syncBackend === 'postgres')('keeps streaming after the API loses its LISTEN connection, with what was booked meanwhile', async () => {
    // The API's LISTEN connection dies (a restart of PostgreSQL's side, a network blip); one booking is made
    // before it is back, its NOTIFY heard by no one. After the reconnect the stream tells the booth to pull.
    await api.t.database.db.execute(sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'parkpass-sync' AND datname = current_database()`);
    const meanwhile = await customerBooking(api);
    expect(await eventually(() => hasBooking(meanwhile.id))).toBe(true);
    const after = await customerBooking(api);
    expect(await eventually(() => hasBooking(after.id))).toBe(true);
  });

  it('a revoked booth stops syncing with a clear message and keeps its data', async () => {
    const before = gate.db.prepare('SELECT count(*) AS n FROM bookings').get() as { n: number };
    const devices = await api.t.app.inject({ method: 'GET', url: '/api/devices', headers: api.owner.auth });
    const device = devices.json().items[0];
    await api.t.app.inject({ method: 'POST', url: `/api/devices/${device.id}/revoke`, headers: api.owner.auth });
    await gate.booth.sync.stop();
    await expect(gate.booth.sync.syncOnce()).rejects.toBeInstanceOf(SyncRevokedError);
    const status = await gate.booth.handlers['booth.status']({}, await gate.ctx());
    expect(status.sync.online).toBe(false);
    expect(status.sync.message).toMatch(/revoked/);
    expect(gate.db.prepare('SELECT count(*) AS n FROM bookings').get()).toEqual(before);
  });
});
