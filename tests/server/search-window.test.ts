// Lot search for a time window: each lot's available_slots is what is free for the whole window after bookings,
// walk-ins inside and availability blocks; min_available filters and sort=availability orders on it. Without a
// window, the bays free now. Cached answers stay right: the key has the window, and booking changes (which keep
// window-less answers) drop windowed ones.
import { eq } from 'drizzle-orm';
import { v7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parkingSpots } from '../../db/central/schema';
import { backends } from '../helpers/pg';
import { enrollDevice, push } from '../sync/api';
import { type Account, type TestApp, addVehicle, createLot, register, startTestApp } from './app';

const H = 3_600_000;

describe.each(backends())('lot search for a time window on %s', (backend) => {
  let t: TestApp;
  let owner: Account;
  let ann: Account;
  const base = Math.ceil(Date.now() / H) * H;
  const at = (h: number) => new Date(base + h * H).toISOString();
  beforeAll(async () => {
    t = await startTestApp(backend);
    owner = await register(t.app, 'owner');
    ann = await register(t.app);
  });
  afterAll(async () => t?.close());

  const book = async (lotId: string, fromH: number, toH: number) => {
    const res = await t.app.inject({
      method: 'POST', url: '/api/bookings', headers: ann.auth,
      payload: { spot_id: lotId, vehicle_id: await addVehicle(t, ann), start_time: at(fromH), end_time: at(toH) },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string };
  };
  const block = async (lotId: string, fromH: number, toH: number, slots: number) => {
    const res = await t.app.inject({ method: 'POST', url: `/api/spots/${lotId}/blocks`, headers: owner.auth, payload: { start_time: at(fromH), end_time: at(toH), slots_affected: slots } });
    expect(res.statusCode, res.body).toBe(201);
  };
  /** Lot name → available_slots, in answer order, for lots near `lng`. */
  const search = async (lng: number, extra = '') => {
    const res = await t.app.inject({ method: 'GET', url: `/api/spots?lat=48.85&lng=${lng}&radius_km=2${extra}` });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().items as Array<{ name: string; available_slots: number }>).map((i) => [i.name, i.available_slots] as const);
  };
  const win = (fromH: number, toH: number) => `&start_time=${encodeURIComponent(at(fromH))}&end_time=${encodeURIComponent(at(toH))}`;

  it('counts bookings, availability blocks and walk-ins in the window, and filters and sorts on it', async () => {
    const lng = 2.3;
    const busy = await createLot(t, owner, { name: 'Busy', latitude: 48.85, longitude: lng, total_slots: 4, price_cents: 300 });
    await createLot(t, owner, { name: 'Quiet', latitude: 48.851, longitude: lng, total_slots: 2, price_cents: 500 });
    await book(busy.id, 2, 4);
    await book(busy.id, 3, 5);
    // 5–6 and 6–7 never meet: one bay between them, not two.
    await book(busy.id, 5, 6);
    await book(busy.id, 6, 7);
    await block(busy.id, 3, 4, 1);
    // A car a booth let in a minute ago: held 24 h from its entry.
    const device = await enrollDevice({ t, owner, lotId: busy.id, url: '', close: async () => {} });
    const now = Date.now();
    const id = v7();
    const pushed = await push({ t, owner, lotId: busy.id, url: '', close: async () => {} }, device.device_token, [{
      type: 'booking.walkin', id: v7(), lot_id: busy.id, at: now - 60_000, booth_time: now - 60_000, actor: 'staff', override_reason: null,
      booking: { id, lot_id: busy.id, bay_number: null, vehicle_number: 'WALK1', vehicle_model: null, remarks: null, source: 'walkin', status: 'active', start_time: now - 60_000, end_time: null, check_in_time: now - 60_000, check_out_time: null, pin: null, qr_code: null, total_cost_cents: 0, parking_cost_cents: null, payment_status: 'pending' },
    }]);
    expect(pushed.json().results[0].status).toBe('applied');

    // Now: the walk-in's bay only.
    expect(await search(lng, '&sort=price')).toEqual([['Busy', 3], ['Quiet', 2]]);
    // 3–4: two bookings, a block of one bay and the walk-in.
    expect(await search(lng, `${win(3, 4)}&sort=price`)).toEqual([['Busy', 0], ['Quiet', 2]]);
    expect(await search(lng, `${win(2, 3)}&sort=price`)).toEqual([['Busy', 2], ['Quiet', 2]]);
    expect(await search(lng, `${win(5, 7)}&sort=price`)).toEqual([['Busy', 2], ['Quiet', 2]]);
    // Past the walk-in's 24 h: all four.
    expect(await search(lng, `${win(30, 31)}&sort=price`)).toEqual([['Busy', 4], ['Quiet', 2]]);
    expect(await search(lng, `${win(3, 4)}&min_available=1`)).toEqual([['Quiet', 2]]);
    // A tie keeps both, in id order.
    expect([...(await search(lng, `${win(2, 3)}&min_available=2&sort=availability`))].sort()).toEqual([['Busy', 2], ['Quiet', 2]]);
    expect(await search(lng, `${win(30, 31)}&sort=availability`)).toEqual([['Busy', 4], ['Quiet', 2]]);
    expect(await search(lng, `${win(3, 4)}&sort=availability`)).toEqual([['Quiet', 2], ['Busy', 0]]);
    expect(await search(lng, '&min_available=3')).toEqual([['Busy', 3]]);
    // Past the last page the total still counts only lots with enough free bays.
    const past = await t.app.inject({ method: 'GET', url: `/api/spots?lat=48.85&lng=${lng}&radius_km=2${win(3, 4)}&min_available=1&page=5` });
    expect(past.json()).toMatchObject({ items: [], total: 1 });
  });

  it('keeps cached answers right: the window is in the key, and a booking or a block drops windowed answers', async () => {
    const lng = 2.4;
    const lot = await createLot(t, owner, { name: 'Cached', latitude: 48.85, longitude: lng, total_slots: 2 });
    expect(await search(lng, win(2, 3))).toEqual([['Cached', 2]]);
    expect(await search(lng, '')).toEqual([['Cached', 2]]);
    // A change made behind the API's back shows who answers from the cache.
    await t.database.db.update(parkingSpots).set({ name: 'Renamed by hand' }).where(eq(parkingSpots.id, lot.id));
    expect(await search(lng, win(2, 3))).toEqual([['Cached', 2]]);
    const booking = await book(lot.id, 2, 3);
    // The booking dropped the windowed answers (the lot's name is read afresh with them) …
    expect(await search(lng, win(2, 3))).toEqual([['Renamed by hand', 1]]);
    expect(await search(lng, win(3, 4))).toEqual([['Renamed by hand', 2]]);
    // … and kept the window-less ones, which no booking changes.
    expect(await search(lng, '')).toEqual([['Cached', 2]]);
    await t.app.inject({ method: 'PUT', url: `/api/bookings/${booking.id}/cancel`, headers: ann.auth, payload: {} });
    expect(await search(lng, win(2, 3))).toEqual([['Renamed by hand', 2]]);
    await block(lot.id, 2, 3, 2);
    expect(await search(lng, win(2, 3))).toEqual([['Renamed by hand', 0]]);
  });

  it('refuses half a window, a backwards one and one longer than 31 days', async () => {
    const q = (s: string) => t.app.inject({ method: 'GET', url: `/api/spots?${s}` });
    expect((await q(`start_time=${encodeURIComponent(at(1))}`)).statusCode).toBe(400);
    expect((await q(`start_time=${encodeURIComponent(at(2))}&end_time=${encodeURIComponent(at(1))}`)).statusCode).toBe(400);
    expect((await q(`start_time=${encodeURIComponent(at(0))}&end_time=${encodeURIComponent(at(32 * 24))}`)).statusCode).toBe(400);
    expect((await q('start_time=tomorrow&end_time=later')).statusCode).toBe(400);
    expect((await q('min_available=0')).statusCode).toBe(400);
    expect((await q(`start_time=${encodeURIComponent(at(0))}&end_time=${encodeURIComponent(at(31 * 24))}&sort=availability`)).statusCode).toBe(200);
  });
});
