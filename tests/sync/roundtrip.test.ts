import { sql } from 'drizzle-orm';
import { v7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OfflineError } from '../../src/main/booth/sync/transport';
import { type SyncApi, customerBooking, startSyncApi } from './api';
import { type TestBooth, enrolledBooth, removeBooth } from './booth';

let api: SyncApi;
let gate: TestBooth;
beforeAll(async () => {
  api = await startSyncApi(10);
  gate = await enrolledBooth(api, 'North gate');
});
afterAll(async () => {
  if (gate) removeBooth(gate);
  await api?.close();
});

const bookingRow = async (id: string) =>
  (await api.t.database.db.execute(sql`SELECT status, check_in_time, bay_id FROM bookings WHERE id = ${id}`)).rows[0] as { status: string; check_in_time: string | null; bay_id: string | null };

describe('round trip', () => {
  it('enrollment brings the lot, its bays and the server pass key to the booth', async () => {
    const ctx = await gate.ctx(); // signing in opens a shift: one more command for the outbox
    await gate.booth.sync.syncOnce();
    const status = await gate.booth.handlers['booth.status']({}, ctx);
    expect(status.lots.map((l) => l.id)).toEqual([api.lotId]);
    expect(status.sync).toMatchObject({ enrolled: true, online: true, outbox_depth: 0 });
    const floor = await gate.booth.handlers['floor.get']({ lot_id: api.lotId }, await gate.ctx());
    expect(floor.bays).toHaveLength(10);
  });

  it('a booking made through the API is admitted offline and its check-in reaches the API', async () => {
    const booking = await customerBooking(api);
    await gate.booth.sync.pullAll();
    const ctx = await gate.ctx();

    gate.net.offline = true;
    const decision = await gate.booth.handlers['gate.check']({ lot_id: api.lotId, code: booking.qr_code }, ctx);
    expect(decision.decision).toBe('ADMIT');
    await expect(gate.booth.sync.syncOnce()).rejects.toBeInstanceOf(OfflineError);
    const offline = (await gate.booth.handlers['booth.status']({}, ctx)).sync;
    expect(offline).toMatchObject({ online: false, outbox_depth: expect.any(Number) });
    expect(offline.outbox_depth).toBeGreaterThan(0);
    expect(offline.offline_since).not.toBeNull();
    expect((await bookingRow(booking.id)).status).toBe('pending');

    gate.net.offline = false;
    await gate.booth.sync.syncOnce();
    const row = await bookingRow(booking.id);
    expect(row.status).toBe('active');
    expect(Math.abs(new Date(row.check_in_time!).getTime() - decision.decided_at)).toBeLessThan(5_000);
    expect(row.bay_id).not.toBeNull();
    const online = (await gate.booth.handlers['booth.status']({}, ctx)).sync;
    expect(online).toMatchObject({ online: true, outbox_depth: 0, offline_since: null });
  });

  it('a cancellation made through the API reaches the booth, which then denies the pass', async () => {
    const booking = await customerBooking(api);
    await gate.booth.sync.pullAll();
    const cancel = await api.t.app.inject({ method: 'PUT', url: `/api/bookings/${booking.id}/cancel`, headers: booking.customer.auth });
    expect(cancel.statusCode).toBe(200);
    await gate.booth.sync.pullAll();
    const decision = await gate.booth.handlers['gate.check']({ lot_id: api.lotId, code: booking.qr_code }, await gate.ctx());
    expect(decision).toMatchObject({ decision: 'DENY', reason: 'cancelled' });
  });

  it('a booking made and cancelled while the booth was not looking arrives cancelled', async () => {
    const booking = await customerBooking(api);
    await api.t.app.inject({ method: 'PUT', url: `/api/bookings/${booking.id}/cancel`, headers: booking.customer.auth });
    await gate.booth.sync.pullAll();
    const decision = await gate.booth.handlers['gate.check']({ lot_id: api.lotId, code: booking.pin }, await gate.ctx());
    expect(decision).toMatchObject({ decision: 'DENY' });
    expect(gate.db.prepare('SELECT status FROM bookings WHERE id = ?').get(booking.id)).toEqual({ status: 'cancelled' });
  });

  it("the owner's tariff change reaches the booth, and the booth's bay block and bay count reach the API", async () => {
    const ctx = await gate.ctx('manager');
    const update = await api.t.app.inject({ method: 'PUT', url: `/api/spots/${api.lotId}`, headers: api.owner.auth, payload: { price_cents: 650 } });
    expect(update.statusCode).toBe(200);
    await gate.booth.sync.pullAll();
    const [lot] = (await gate.booth.handlers['booth.status']({}, ctx)).lots;
    expect(lot!.tariff.price_cents).toBe(650);

    const floor = await gate.booth.handlers['floor.get']({ lot_id: api.lotId }, ctx);
    const free = floor.bays.filter((b) => b.state === 'available');
    await gate.booth.handlers['floor.blockBay']({ bay_id: free.at(-1)!.id, reason: 'drain cover up' }, ctx);
    await gate.booth.handlers['floor.setBayCount']({ lot_id: api.lotId, total_bays: 12 }, ctx);
    await gate.booth.sync.syncOnce();
    const rows = (await api.t.database.db.execute(sql`
      SELECT (SELECT count(*)::int FROM bays WHERE lot_id = ${api.lotId}) AS bays,
             (SELECT blocked_reason FROM bays WHERE lot_id = ${api.lotId} AND index_number = ${free.at(-1)!.number}) AS reason`)).rows;
    expect(rows[0]).toEqual({ bays: 12, reason: 'drain cover up' });
    expect(gate.db.prepare("SELECT count(*) AS n FROM outbox WHERE status <> 'applied'").get()).toEqual({ n: 0 });
  });

  it('a command the API refuses whole (too big to accept) is set aside and audited; the rest of the outbox goes through', async () => {
    const ctx = await gate.ctx();
    await gate.booth.sync.syncOnce();
    // Booth events carry free-form detail: one grown past the API's body limit (as a runaway note could) ...
    gate.db
      .prepare("INSERT INTO outbox (id, type, lot_id, payload, created_at) VALUES (?, 'shift.note', NULL, ?, ?)")
      .run(v7(), JSON.stringify({ note: 'x'.repeat(5 * 1024 * 1024) }), Date.now());
    const { booking } = await gate.booth.handlers['walkin.admit']({ lot_id: api.lotId, vehicle_number: 'AFTER1' }, ctx);
    await gate.booth.sync.syncOnce();
    expect(gate.db.prepare("SELECT type, status FROM outbox WHERE status IN ('pending', 'rejected')").all()).toEqual([{ type: 'shift.note', status: 'rejected' }]);
    expect(gate.db.prepare("SELECT count(*) AS n FROM audit_log WHERE kind = 'sync.rejected'").get()).toEqual({ n: 1 });
    const [walkin] = (await api.t.database.db.execute(sql`SELECT status FROM booth_walkins WHERE id = ${booking.id}`)).rows;
    expect(walkin).toEqual({ status: 'active' });
  });
});
