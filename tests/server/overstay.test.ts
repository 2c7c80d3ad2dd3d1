// A booked car still inside after its booked end holds its bay: a new booking, an availability block, the lot's
// available_slots and the PINs in use count it, a rolling 2 h from now (server/spots/overstays.ts), until the
// booth releases it.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisionContext } from '../../server/bookings/repository';
import { backends } from '../helpers/pg';
import { type Account, type TestApp, addVehicle, availableSlots, bookFrom, createLot, register, startTestApp } from './app';

const H = 3_600_000;

describe.each(backends())('a car staying past its booked end on %s', (backend) => {
  let t: TestApp;
  let owner: Account;
  let ann: Account;
  beforeAll(async () => {
    t = await startTestApp(backend);
    owner = await register(t.app, 'owner');
    ann = await register(t.app);
  });
  afterAll(async () => t?.close());

  const book = (lotId: string, fromMs: number, hours: number) => bookFrom(t, ann, lotId, fromMs, hours);
  const available = (lotId: string) => availableSlots(t, lotId);

  /** A lot whose one booking is a car that came in 3 h ago for 2 h, and is still inside. */
  async function lotWithOverstay(bays: number) {
    const lot = await createLot(t, owner, { total_slots: bays });
    const booked = await book(lot.id, Date.now(), 2);
    expect(booked.statusCode, booked.body).toBe(201);
    const { id, pin } = booked.json() as { id: string; pin: string };
    const entry = await t.app.inject({ method: 'POST', url: '/api/bookings/validate', headers: owner.auth, payload: { spot_id: lot.id, code: pin, direction: 'entry' } });
    expect(entry.json().decision).toBe('admit');
    // Its window moved back three hours: what three hours of real time would have made of it.
    await t.database.db.execute(sql`UPDATE bookings SET check_in_time = check_in_time - interval '3 hours',
      start_time = start_time - interval '3 hours', end_time = end_time - interval '3 hours' WHERE id = ${id}`);
    return { lot, id, pin };
  }

  it('its bay is not sold again for the next 2 h, nor shown available; later hours are', async () => {
    const { lot } = await lotWithOverstay(1);
    expect(await available(lot.id)).toBe(0);
    const soon = await book(lot.id, Date.now() + 10 * 60_000, 1);
    expect(soon.statusCode, soon.body).toBe(409);
    expect(soon.json().error.code).toBe('lot_full');
    expect((await book(lot.id, Date.now() + 3 * H, 1)).statusCode).toBe(201);
  });

  it('its PIN stays in use while it is inside, so no new booking at the lot is given it', async () => {
    const { lot, pin } = await lotWithOverstay(2);
    const vehicle = await addVehicle(t, ann);
    const [lotRow] = (await t.database.db.execute<{ no_show_minutes: number }>(sql`SELECT no_show_minutes FROM parking_spots WHERE id = ${lot.id}`)).rows;
    const from = new Date(Date.now() + 10 * 60_000);
    const to = new Date(from.getTime() + H);
    const context = await decisionContext(t.database.db, { id: lot.id, noShowMinutes: lotRow!.no_show_minutes }, vehicle, from, to, new Date(from.getTime() - 30 * 60_000), to);
    expect(context.pins.has(pin)).toBe(true);
  });

  it('an availability block cannot take its bay', async () => {
    const { lot } = await lotWithOverstay(2);
    const now = Date.now();
    const block = (slots: number) =>
      t.app.inject({
        method: 'POST', url: `/api/spots/${lot.id}/blocks`, headers: owner.auth,
        payload: { start_time: new Date(now + 10 * 60_000).toISOString(), end_time: new Date(now + H).toISOString(), block_type: 'maintenance', slots_affected: slots },
      });
    expect((await block(2)).json().error?.code).toBe('would_oversell');
    expect((await block(1)).statusCode).toBe(201);
  });
});
