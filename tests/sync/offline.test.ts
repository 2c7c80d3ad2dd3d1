import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SyncApi, startSyncApi } from './api';
import { type TestBooth, enrolledBooth, removeBooth } from './booth';

const HOUR = 3_600_000;
let api: SyncApi;
let gate: TestBooth;
beforeAll(async () => {
  api = await startSyncApi(10);
  gate = await enrolledBooth(api, 'Remote gate');
  await gate.booth.sync.syncOnce();
});
afterAll(async () => {
  if (gate) removeBooth(gate);
  await api?.close();
});

describe('a booth offline for 72 hours', () => {
  it('converges after reconnecting: 1,000 outbox commands applied once, in order, on the server clock', async () => {
    const ctx = await gate.ctx();
    gate.net.offline = true;
    const pairs = 500;
    const step = (72 * HOUR) / pairs;
    for (let i = 0; i < pairs; i++) {
      gate.clock.skew += step;
      const { booking } = await gate.booth.handlers['walkin.admit']({ lot_id: api.lotId, vehicle_number: `OFF${i}` }, ctx);
      gate.clock.skew += step / 4;
      const quote = await gate.booth.handlers['release.quote']({ booking_id: booking.id, lost_pass: false }, ctx);
      await gate.booth.handlers['release.complete']({ booking_id: booking.id, method: 'cash', amount_cents: quote.due_cents, lost_pass: false }, ctx);
      gate.clock.skew -= step / 4;
    }
    const pending = (gate.db.prepare("SELECT count(*) AS n FROM outbox WHERE status = 'pending'").get() as { n: number }).n;
    expect(pending).toBeGreaterThanOrEqual(1_000);
    await expect(gate.booth.sync.syncOnce()).rejects.toThrow(/unreachable/);
    const status = await gate.booth.handlers['booth.status']({}, ctx);
    expect(status.sync.online).toBe(false);
    expect(status.sync.outbox_depth).toBe(pending);

    gate.net.offline = false;
    await gate.booth.sync.syncOnce();
    expect(gate.db.prepare("SELECT status, count(*) AS n FROM outbox GROUP BY status").all()).toEqual([{ status: 'applied', n: expect.any(Number) }]);
    const db = api.t.database.db;
    const [walkins] = (await db.execute(sql`
      SELECT count(*)::int AS n, count(*) FILTER (WHERE status = 'completed')::int AS done,
             extract(epoch FROM now() - min(check_in_time)) / 3600 AS oldest_h, extract(epoch FROM now() - max(check_out_time)) / 3600 AS newest_h
      FROM booth_walkins WHERE lot_id = ${api.lotId}`)).rows as { n: number; done: number; oldest_h: number; newest_h: number }[];
    expect(walkins).toMatchObject({ n: pairs, done: pairs });
    // Booth times were moved onto the server clock: the stays spread over the 72 hours before the reconnect.
    expect(Number(walkins!.oldest_h)).toBeGreaterThan(71);
    expect(Number(walkins!.oldest_h)).toBeLessThan(73);
    expect(Number(walkins!.newest_h)).toBeLessThan(1);
    const [counts] = (await db.execute(sql`SELECT (SELECT count(*)::int FROM booth_payments WHERE lot_id = ${api.lotId}) AS payments,
      (SELECT count(*)::int FROM applied_commands WHERE status = 'applied') AS applied`)).rows as { payments: number; applied: number }[];
    expect(counts!.payments).toBe(pairs);
    expect(counts!.applied).toBeGreaterThanOrEqual(pending);
    const [lot] = (await db.execute(sql`SELECT available_slots FROM parking_spots WHERE id = ${api.lotId}`)).rows as { available_slots: number }[];
    expect(lot!.available_slots).toBe(10);
  }, 90_000); // 1,000 gate operations and their sync: give a busy machine room
});
