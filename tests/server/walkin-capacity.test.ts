// Walk-ins the booths let in (pushed through sync into booth_walkins) hold bays: a new booking, an availability
// block and the lot's available_slots count them from their entry until they leave; ahead of now they are
// assumed to stay 24 h from entry, or a rolling 2 h once past that (server/spots/walkins.ts).
import { sql } from 'drizzle-orm';
import { v7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Command } from '../../src/shared/sync/protocol';
import { backends } from '../helpers/pg';
import { enrollDevice, push } from '../sync/api';
import { type Account, type TestApp, availableSlots, bookFrom, createLot, register, startTestApp } from './app';

const H = 3_600_000;

describe.each(backends())('walk-ins hold bays on %s', (backend) => {
  let t: TestApp;
  let owner: Account;
  let ann: Account;
  beforeAll(async () => {
    t = await startTestApp(backend);
    owner = await register(t.app, 'owner');
    ann = await register(t.app);
  });
  afterAll(async () => t?.close());

  async function lotWithBooth(bays: number) {
    const lot = await createLot(t, owner, { total_slots: bays });
    const device = await enrollDevice({ t, owner, lotId: lot.id, url: '', close: async () => {} });
    const send = async (commands: Command[]) => {
      const res = await push({ t, owner, lotId: lot.id, url: '', close: async () => {} }, device.device_token, commands);
      expect(res.statusCode).toBe(200);
      for (const r of res.json().results) expect(r.status, JSON.stringify(r)).toBe('applied');
    };
    const walkIn = async (at: number, bay: number | null = null) => {
      const id = v7();
      await send([{
        type: 'booking.walkin', id: v7(), lot_id: lot.id, at, booth_time: at, actor: 'staff', override_reason: bay === null ? null : 'lot full',
        booking: {
          id, lot_id: lot.id, bay_number: bay, vehicle_number: `W${id.slice(-6)}`, vehicle_model: null, remarks: null, source: 'walkin', status: 'active',
          start_time: at, end_time: null, check_in_time: at, check_out_time: null, pin: null, qr_code: null, total_cost_cents: 0, parking_cost_cents: null, payment_status: 'pending',
        },
      }]);
      return id;
    };
    const release = (id: string) => {
      const at = Date.now();
      return send([{ type: 'booking.release', id: v7(), lot_id: lot.id, at, booth_time: at, actor: 'staff', booking_id: id, parking_cost_cents: 0, payment: { id: v7(), method: 'cash', amount_cents: 0, reason: null } }]);
    };
    return { lot, walkIn, release };
  }

  const book = (lotId: string, fromMs: number, hours: number) => bookFrom(t, ann, lotId, fromMs, hours);
  const available = (lotId: string) => availableSlots(t, lotId);

  it('a new booking does not get a bay a walk-in still holds; the day after it does; a release frees it', async () => {
    const { lot, walkIn, release } = await lotWithBooth(2);
    const now = Date.now();
    const first = await walkIn(now - 10 * 60_000);
    await walkIn(now - 5 * 60_000);
    expect(await available(lot.id)).toBe(0);
    const soon = await book(lot.id, now + H, 2);
    expect(soon.statusCode, soon.body).toBe(409);
    expect(soon.json().error.code).toBe('lot_full');
    // Past 24 h from their entry they are assumed gone.
    expect((await book(lot.id, now + 25 * H, 2)).statusCode).toBe(201);
    await release(first);
    expect(await available(lot.id)).toBe(1);
    expect((await book(lot.id, now + H, 2)).statusCode).toBe(201);
  });

  it('extending a booking into time a walk-in holds is refused', async () => {
    const { lot, walkIn } = await lotWithBooth(1);
    const now = Date.now();
    const booked = await book(lot.id, now + 20 * H, 2);
    expect(booked.statusCode, booked.body).toBe(201);
    await walkIn(now - 60_000);
    const extend = (hours: number) =>
      t.app.inject({
        method: 'PUT', url: `/api/bookings/${booked.json().id}/extend`, headers: ann.auth,
        payload: { end_time: new Date(Date.parse(booked.json().end_time) + hours * H).toISOString() },
      });
    const refused = await extend(1);
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json().error.code).toBe('lot_full');
  });

  it('a walk-in inside longer than a day holds a rolling 2 h from now', async () => {
    const { lot, walkIn } = await lotWithBooth(1);
    const now = Date.now();
    await walkIn(now - 30 * H);
    expect((await book(lot.id, now + H, 1)).json().error?.code).toBe('lot_full');
    expect((await book(lot.id, now + 3 * H, 1)).statusCode).toBe(201);
  });

  it('an availability block cannot take bays walk-ins hold', async () => {
    const { lot, walkIn } = await lotWithBooth(2);
    const now = Date.now();
    await walkIn(now - 60_000);
    const block = (slots: number) =>
      t.app.inject({
        method: 'POST', url: `/api/spots/${lot.id}/blocks`, headers: owner.auth,
        payload: { start_time: new Date(now + H).toISOString(), end_time: new Date(now + 3 * H).toISOString(), block_type: 'maintenance', slots_affected: slots },
      });
    expect((await block(2)).json().error?.code).toBe('would_oversell');
    expect((await block(1)).statusCode).toBe(201);
  });

  it('available_slots counts a walk-in the API could not place in a bay until it leaves', async () => {
    const { lot, walkIn, release } = await lotWithBooth(1);
    const now = Date.now();
    const placed = await walkIn(now - 10 * 60_000, 1);
    // A second booth let a car in on the same bay (offline, manager override): it has no bay at the API.
    const unplaced = await walkIn(now - 5 * 60_000, 1);
    expect(await available(lot.id)).toBe(0);
    await release(placed);
    // Bay 1 is empty on paper, but the other car is still parked: nothing is free.
    expect(await available(lot.id)).toBe(0);
    await release(unplaced);
    expect(await available(lot.id)).toBe(1);
  });

  it('a lot with a walk-in inside is not deleted; once it left, the lot is deactivated and keeps its takings', async () => {
    const { lot, walkIn, release } = await lotWithBooth(2);
    const car = await walkIn(Date.now() - 10 * 60_000, 1);
    const remove = () => t.app.inject({ method: 'DELETE', url: `/api/spots/${lot.id}`, headers: owner.auth });
    const refused = await remove();
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('lot_has_bookings');
    await release(car);
    expect((await remove()).statusCode).toBe(204);
    const kept = await t.database.db.execute<{ active: boolean; walkins: number; payments: number }>(sql`
      SELECT (SELECT is_active FROM parking_spots WHERE id = ${lot.id}) AS active,
             (SELECT count(*)::int FROM booth_walkins WHERE lot_id = ${lot.id}) AS walkins,
             (SELECT count(*)::int FROM booth_payments WHERE lot_id = ${lot.id}) AS payments`);
    expect(kept.rows[0]).toEqual({ active: false, walkins: 1, payments: 1 });
  });
});
