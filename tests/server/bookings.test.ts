import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookings, payments } from '../../db/central/schema';
import { PassVerifier } from '../../src/shared/pass';
import { backends } from '../helpers/pg';
import { type Account, type TestApp, addVehicle, createLot, register, startTestApp, window } from './app';

describe.each(backends())('bookings on %s', (backend) => {
  let t: TestApp;
  let owner: Account;
  let ann: Account;
  let bob: Account;
  beforeAll(async () => {
    t = await startTestApp(backend);
    owner = await register(t.app, 'owner');
    ann = await register(t.app);
    bob = await register(t.app);
  });
  afterAll(async () => t?.close());

  const call = (who: Account, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: who.auth, ...(payload && { payload }) });
  const book = (who: Account, body: object) => call(who, 'POST', '/api/bookings', body);

  it('prices with the lot tariff, issues a verifiable pass and PIN, and is idempotent on a client id', async () => {
    const lot = await createLot(t, owner, { price_cents: 400, price_type: 'hour', increment_minutes: 15 });
    const vehicle = await addVehicle(t, ann);
    const id = randomUUID();
    const w = window(2, 2.25);
    const res = await book(ann, { id, spot_id: lot.id, vehicle_id: vehicle, ...w });
    expect(res.statusCode).toBe(201);
    const b = res.json();
    expect(b).toMatchObject({ id, status: 'pending', total_cost_cents: 900, payment_status: 'pending', spot_id: lot.id, user_id: ann.id });
    expect(b.pin).toMatch(/^\d{4}$/);
    expect(b.qr_code.length).toBeLessThanOrEqual(255);
    const check = new PassVerifier([t.config.passSigner.publicKey]).verify(b.qr_code);
    expect(check.ok && check.payload).toMatchObject({ booking_id: id, lot_id: lot.id, valid_from: Date.parse(w.start_time), plate: b.vehicle_number });
    const [row] = await t.database.db.select({ cost: bookings.totalCost }).from(bookings).where(eq(bookings.id, id));
    expect(row!.cost).toBe('9.00');
    // A retry of the same request answers with the same booking; someone else cannot take the id.
    const again = await book(ann, { id, spot_id: lot.id, vehicle_id: vehicle, ...w });
    expect(again.statusCode).toBe(200);
    expect(again.json().pin).toBe(b.pin);
    expect((await book(bob, { id, spot_id: lot.id, vehicle_id: await addVehicle(t, bob), ...w })).statusCode).toBe(409);
    // One car cannot be in two bookings at once; nor can someone book with another user's car.
    expect((await book(ann, { spot_id: lot.id, vehicle_id: vehicle, ...window(3, 1) })).json().error.code).toBe('vehicle_busy');
    expect((await book(bob, { spot_id: lot.id, vehicle_id: vehicle, ...window(8, 1) })).statusCode).toBe(404);
    expect((await book(ann, { spot_id: lot.id, vehicle_id: vehicle, ...window(-3, 1) })).json().error.code).toBe('window_in_past');
    expect((await book(ann, { spot_id: lot.id, vehicle_id: vehicle, start_time: w.end_time, end_time: w.start_time })).statusCode).toBe(400);
  });

  it('never books more cars at once than unblocked bays, but reuses a bay across time', async () => {
    const lot = await createLot(t, owner, { total_slots: 2 });
    const cars = [await addVehicle(t, ann), await addVehicle(t, ann), await addVehicle(t, ann)];
    expect((await book(ann, { spot_id: lot.id, vehicle_id: cars[0], ...window(1, 3) })).statusCode).toBe(201);
    expect((await book(ann, { spot_id: lot.id, vehicle_id: cars[1], ...window(2, 3) })).statusCode).toBe(201);
    const full = await book(ann, { spot_id: lot.id, vehicle_id: cars[2], ...window(3, 1) });
    expect(full.statusCode).toBe(409);
    expect(full.json().error.code).toBe('lot_full');
    expect((await book(ann, { spot_id: lot.id, vehicle_id: cars[2], ...window(5, 1) })).statusCode).toBe(201);
    // Blocking a bay would leave two overlapping bookings with one bay: refused.
    const blocked = await call(owner, 'PUT', `/api/spots/${lot.id}/bays/${lot.bays[0].id}`, { blocked: true });
    expect(blocked.json().error.code).toBe('would_oversell');
    // Nor may the lot shrink under them.
    expect((await call(owner, 'PUT', `/api/spots/${lot.id}`, { total_slots: 1 })).json().error.code).toBe('would_oversell');
  });

  it('gives distinct PINs to overlapping bookings of a lot', async () => {
    const lot = await createLot(t, owner, { total_slots: 40 });
    const pins: string[] = [];
    for (let i = 0; i < 30; i++) {
      const res = await book(bob, { spot_id: lot.id, vehicle_id: await addVehicle(t, bob), ...window(1 + (i % 3), 2) });
      pins.push(res.json().pin);
    }
    expect(new Set(pins).size).toBe(30);
  });

  it('extends with a new price and pass, within capacity', async () => {
    const lot = await createLot(t, owner, { total_slots: 1, price_cents: 300 });
    const [c1, c2] = [await addVehicle(t, ann), await addVehicle(t, ann)];
    const b = (await book(ann, { spot_id: lot.id, vehicle_id: c1, ...window(1, 1) })).json();
    await book(ann, { spot_id: lot.id, vehicle_id: c2, ...window(4, 1) });
    const longer = await call(ann, 'PUT', `/api/bookings/${b.id}/extend`, { end_time: window(1, 2).end_time });
    expect(longer.statusCode).toBe(200);
    expect(longer.json()).toMatchObject({ total_cost_cents: 600, end_time: window(1, 2).end_time });
    expect(longer.json().qr_code).not.toBe(b.qr_code);
    const clash = await call(ann, 'PUT', `/api/bookings/${b.id}/extend`, { end_time: window(1, 4).end_time });
    expect(clash.json().error.code).toBe('lot_full');
    expect((await call(ann, 'PUT', `/api/bookings/${b.id}/extend`, { end_time: window(1, 1).end_time })).statusCode).toBe(400);
    expect((await call(bob, 'PUT', `/api/bookings/${b.id}/extend`, { end_time: window(1, 3).end_time })).statusCode).toBe(404);
  });

  it('cancels with the refund policy and frees the capacity', async () => {
    const lot = await createLot(t, owner, { total_slots: 1, price_cents: 1000 });
    const [c1, c2] = [await addVehicle(t, bob), await addVehicle(t, bob)];
    // Paid online: the booking marked paid, and its succeeded payment on record (what a refund is taken from).
    const paidOnline = async (b: { id: string; total_cost_cents: number }) => {
      await t.database.db.update(bookings).set({ paymentStatus: 'paid' }).where(eq(bookings.id, b.id));
      await t.database.db.insert(payments).values({ bookingId: b.id, amount: (b.total_cost_cents / 100).toFixed(2), status: 'succeeded', paymentMethod: 'card' });
    };
    const soon = (await book(bob, { spot_id: lot.id, vehicle_id: c1, ...window(2, 1) })).json();
    await paidOnline(soon);
    expect((await call(ann, 'PUT', `/api/bookings/${soon.id}/cancel`)).statusCode).toBe(404);
    const cancelled = await call(bob, 'PUT', `/api/bookings/${soon.id}/cancel`, { reason: 'plans changed' });
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', refund_amount_cents: 500, payment_status: 'refunded' });
    expect((await call(bob, 'PUT', `/api/bookings/${soon.id}/cancel`)).statusCode).toBe(409);
    expect((await book(bob, { spot_id: lot.id, vehicle_id: c2, ...window(2, 1) })).statusCode).toBe(201);
    const far = (await book(bob, { spot_id: lot.id, vehicle_id: c1, ...window(48, 1) })).json();
    await paidOnline(far);
    expect((await call(bob, 'PUT', `/api/bookings/${far.id}/cancel`)).json().refund_amount_cents).toBe(1000);
  });

  it('shows a booking to its customer and its lot owner only, and lists them paginated', async () => {
    const lot = await createLot(t, owner);
    const b = (await book(ann, { spot_id: lot.id, vehicle_id: await addVehicle(t, ann), ...window(30, 1) })).json();
    expect((await call(ann, 'GET', `/api/bookings/${b.id}`)).statusCode).toBe(200);
    expect((await call(owner, 'GET', `/api/bookings/${b.id}`)).statusCode).toBe(200);
    expect((await call(bob, 'GET', `/api/bookings/${b.id}`)).statusCode).toBe(404);
    const mine = (await call(ann, 'GET', '/api/bookings?limit=2')).json();
    expect(mine.items).toHaveLength(2);
    expect(mine.total).toBeGreaterThan(2);
    expect(mine.items.every((x: { user_id: string }) => x.user_id === ann.id)).toBe(true);
    expect((await call(owner, 'GET', `/api/bookings?spot_id=${lot.id}`)).json().total).toBe(1);
    expect((await call(bob, 'GET', `/api/bookings?spot_id=${lot.id}`)).statusCode).toBe(403);
  });

  it('validates QR and PIN at the gate with anti-passback, bay assignment and overstay-free exit', async () => {
    const lot = await createLot(t, owner, { total_slots: 3 });
    const otherLot = await createLot(t, owner);
    const now = Date.now();
    const w = { start_time: new Date(now - 60_000).toISOString(), end_time: new Date(now + 3_600_000).toISOString() };
    const b = (await book(ann, { spot_id: lot.id, vehicle_id: await addVehicle(t, ann), ...w })).json();
    const gate = (who: Account, code: string, direction: 'entry' | 'exit' = 'entry', spot = lot.id) =>
      call(who, 'POST', '/api/bookings/validate', { spot_id: spot, code, direction });

    expect((await gate(ann, b.qr_code)).statusCode).toBe(403);
    expect((await gate(await register(t.app, 'owner'), b.qr_code)).statusCode).toBe(403);
    expect((await gate(owner, b.qr_code, 'exit')).json()).toMatchObject({ decision: 'deny', reason: 'not_inside' });
    expect((await gate(owner, b.qr_code, 'entry', otherLot.id)).json().reason).toBe('wrong_lot');
    const tampered = b.qr_code.slice(0, 30) + (b.qr_code[30] === 'A' ? 'B' : 'A') + b.qr_code.slice(31);
    expect((await gate(owner, tampered)).json().reason).toBe('forged');
    expect((await gate(owner, 'hello')).json().reason).toBe('malformed');
    expect((await gate(owner, b.pin === '0000' ? '0001' : '0000')).json().reason).toBe('unknown');

    const admitted = (await gate(owner, b.qr_code)).json();
    expect(admitted).toMatchObject({ decision: 'admit', reason: null, bay_index: 1, booking: { status: 'active' } });
    expect(admitted.booking.check_in_time).not.toBeNull();
    expect((await call(owner, 'GET', `/api/spots/${lot.id}`)).json().available_slots).toBe(2);
    expect((await gate(owner, b.pin)).json()).toMatchObject({ decision: 'deny', reason: 'already_inside' });

    const out = (await gate(owner, b.pin, 'exit')).json();
    expect(out).toMatchObject({ decision: 'admit', amount_due_cents: 0, booking: { status: 'completed', parking_cost_cents: b.total_cost_cents } });
    expect((await call(owner, 'GET', `/api/spots/${lot.id}`)).json().available_slots).toBe(3);
    expect((await gate(owner, b.qr_code, 'exit')).json().reason).toBe('completed');

    const later = (await book(ann, { spot_id: lot.id, vehicle_id: await addVehicle(t, ann), ...window(3, 1) })).json();
    expect((await gate(owner, later.qr_code)).json().reason).toBe('too_early');
    await call(ann, 'PUT', `/api/bookings/${later.id}/cancel`);
    expect((await gate(owner, later.qr_code)).json().reason).toBe('cancelled');
  });
});
