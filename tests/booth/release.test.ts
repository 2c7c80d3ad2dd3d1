import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PassVerifier } from '../../src/shared/pass';
import { HOUR, LOT_A, MIN, T0, auditRows, makeWorld, outboxRows, type World } from './fixtures/world';

let w: World;
beforeEach(() => {
  w = makeWorld({ bays: 5 });
});
afterEach(() => w.close());

const h = () => w.booth.handlers;
const bayRow = (n: number) => w.db.prepare('SELECT status, booking_id FROM bays WHERE lot_id = ? AND number = ?').get(LOT_A, n);

describe('walk-in', () => {
  it('admits a car on the nearest free bay with a pass signed by the booth', async () => {
    const ctx = await w.ctx();
    w.addBooking({ start: T0 - MIN, end: T0 + HOUR, status: 'active', bay: 1 });
    expect(await h()['walkin.suggestBay']({ lot_id: LOT_A }, ctx)).toEqual({ bay_number: 2 });
    const r = await h()['walkin.admit']({ lot_id: LOT_A, vehicle_number: 'ab-12 cd', vehicle_model: 'Fiat 500' }, ctx);
    expect(r.bay_number).toBe(2);
    expect(r.booking).toMatchObject({ source: 'walkin', status: 'active', check_in_time: T0, vehicle_number: 'ab-12 cd', vehicle_model: 'Fiat 500' });
    expect(bayRow(2)).toEqual({ status: 'occupied', booking_id: r.booking.id });
    // The pass is verifiable by anyone trusting the booth's key, and it is not an entry right.
    const key = (w.db.prepare("SELECT public_key FROM trusted_pass_keys WHERE issuer = 'booth'").get() as { public_key: string }).public_key;
    expect(new PassVerifier([key]).verify(r.pass)).toMatchObject({ ok: true, payload: { booking_id: r.booking.id, plate: 'AB12CD' } });
    expect((await h()['gate.check']({ lot_id: LOT_A, code: r.pass }, ctx)).reason).toBe('already_inside');
  });

  it('refuses the same plate twice unless staff give a reason, and refuses a taken bay', async () => {
    const ctx = await w.ctx();
    await h()['walkin.admit']({ lot_id: LOT_A, vehicle_number: 'XY11ZZZ', bay_number: 3 }, ctx);
    await expect(async () => h()['walkin.admit']({ lot_id: LOT_A, vehicle_number: 'xy11 zzz' }, ctx)).rejects.toMatchObject({ code: 'conflict' });
    await expect(async () => h()['walkin.admit']({ lot_id: LOT_A, vehicle_number: 'OTHER1', bay_number: 3 }, ctx)).rejects.toMatchObject({
      code: 'conflict',
      fields: { bay_number: 'occupied' },
    });
    const again = await h()['walkin.admit']({ lot_id: LOT_A, vehicle_number: 'XY11ZZZ', override_reason: 'second car, same plate (trailer)' }, ctx);
    expect(again.bay_number).toBe(1);
  });

  it('says the lot is full when no bay is free, and changes nothing', async () => {
    const ctx = await w.ctx();
    for (let i = 0; i < 5; i++) await h()['walkin.admit']({ lot_id: LOT_A, vehicle_number: `CAR${i}` }, ctx);
    const before = outboxRows(w.db).length;
    await expect(async () => h()['walkin.admit']({ lot_id: LOT_A, vehicle_number: 'LATE1' }, ctx)).rejects.toMatchObject({ code: 'conflict' });
    expect(outboxRows(w.db).length).toBe(before);
    expect(await h()['walkin.suggestBay']({ lot_id: LOT_A }, ctx)).toEqual({ bay_number: null });
  });
});

describe('release', () => {
  it('takes the amount quoted to the driver for 5 minutes, even if the fee stepped up while they paid', async () => {
    const ctx = await w.ctx();
    const walk = await h()['walkin.admit']({ lot_id: LOT_A, vehicle_number: 'QUOTE1' }, ctx);
    w.clock.t = T0 + 44 * MIN + 50_000; // 45 started minutes: 3 quarters of 4.00/h
    const quote = await h()['release.quote']({ booking_id: walk.booking.id, lost_pass: false }, ctx);
    expect(quote.due_cents).toBe(300);
    w.clock.t += 30_000; // now the fourth quarter has started
    expect((await h()['release.quote']({ booking_id: walk.booking.id, lost_pass: false }, ctx)).due_cents).toBe(400);
    const pay = { booking_id: walk.booking.id, method: 'cash' as const, amount_cents: 300, lost_pass: false };
    // A quote older than 5 minutes no longer stands.
    expect(() => h()['release.complete']({ ...pay, quoted_at: quote.quoted_at - 6 * MIN }, ctx)).toThrow(/less than the 400 cents due/);
    const done = await h()['release.complete']({ ...pay, quoted_at: quote.quoted_at }, ctx);
    expect(done.payment.amount_cents).toBe(300);
    expect(done.booking).toMatchObject({ status: 'completed', parking_cost_cents: 300, check_out_time: w.clock.t });
  });

  it('finds a walk-in by plate, PIN-less pass and bay; quotes its stay; takes cash with change; frees the bay', async () => {
    const ctx = await w.ctx();
    const { booking, pass } = await h()['walkin.admit']({ lot_id: LOT_A, vehicle_number: 'WK1 AAA' }, ctx);
    w.clock.t += 2 * HOUR + 5 * MIN;
    for (const [by, value] of [['plate', 'wk1aaa'], ['pass', pass], ['bay', '1']] as const) {
      expect((await h()['release.find']({ lot_id: LOT_A, by, value }, ctx)).map((b) => b.id)).toEqual([booking.id]);
    }
    const quote = await h()['release.quote']({ booking_id: booking.id, lost_pass: false }, ctx);
    // 2 h 05 → 2 h 15 at £4/h = 900 cents.
    expect(quote).toMatchObject({ duration_ms: 2 * HOUR + 5 * MIN, prepaid_cents: 0, due_cents: 900 });
    const r = await h()['release.complete']({ booking_id: booking.id, method: 'cash', amount_cents: 900, tendered_cents: 1000, lost_pass: false }, ctx);
    expect(r.payment).toMatchObject({ method: 'cash', amount_cents: 900, change_cents: 100 });
    expect(r.booking).toMatchObject({ status: 'completed', check_out_time: w.clock.t, parking_cost_cents: 900 });
    expect(bayRow(1)).toEqual({ status: 'available', booking_id: null });
    expect(auditRows(w.db, 'release')).toHaveLength(1);
    expect(outboxRows(w.db).some((o) => o.type === 'booking.release')).toBe(true);
    // Used and gone: the pass no longer admits.
    expect((await h()['gate.check']({ lot_id: LOT_A, code: pass }, ctx)).reason).toBe('completed');
  });

  it('charges a pre-booked car only for the overstay beyond its end plus exit grace, and a lost pass', async () => {
    const ctx = await w.ctx();
    const b = w.addBooking({ pin: '4321', start: T0, end: T0 + HOUR, totalCents: 400 });
    await h()['gate.check']({ lot_id: LOT_A, code: '4321' }, ctx);
    w.clock.t = T0 + HOUR + 10 * MIN; // within the 15 min exit grace
    expect(await h()['release.quote']({ booking_id: b.id, lost_pass: false }, ctx)).toMatchObject({ prepaid_cents: 400, due_cents: 0 });
    w.clock.t = T0 + HOUR + 40 * MIN; // 40 min over → 45 min at £4/h
    const q = await h()['release.quote']({ booking_id: b.id, lost_pass: true }, ctx);
    expect(q.lines).toEqual([{ label: 'Overstay 45 min', amount_cents: 300 }, { label: 'Lost pass', amount_cents: 1500 }]);
    expect((await h()['release.find']({ lot_id: LOT_A, by: 'pin', value: '4321' }, ctx))[0]?.id).toBe(b.id);
    const r = await h()['release.complete']({ booking_id: b.id, method: 'card', amount_cents: 1800, lost_pass: true }, ctx);
    expect(r.booking.parking_cost_cents).toBe(2200);
  });

  it('refuses a payment below the quote or nil without a reason, and changes nothing', async () => {
    const ctx = await w.ctx();
    const { booking } = await h()['walkin.admit']({ lot_id: LOT_A, vehicle_number: 'CHEAP1' }, ctx);
    w.clock.t += HOUR;
    const before = outboxRows(w.db).length;
    const attempt = (input: object) => async () =>
      h()['release.complete']({ booking_id: booking.id, lost_pass: false, amount_cents: 0, method: 'cash', ...input }, ctx);
    await expect(attempt({ method: 'nil' })).rejects.toMatchObject({ code: 'invalid_input', fields: { reason: expect.any(String) } });
    await expect(attempt({ amount_cents: 100 })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(attempt({ amount_cents: 5000 })).rejects.toMatchObject({ fields: { amount_cents: expect.any(String) } });
    await expect(attempt({ method: 'prepaid' })).rejects.toMatchObject({ fields: { method: expect.any(String) } });
    expect(outboxRows(w.db).length).toBe(before);
    expect(w.db.prepare('SELECT status FROM bookings WHERE id = ?').get(booking.id)).toEqual({ status: 'active' });
    const nil = await h()['release.complete']({ booking_id: booking.id, method: 'nil', amount_cents: 0, reason: 'staff car', lost_pass: false }, ctx);
    expect(nil.payment).toMatchObject({ method: 'nil', reason: 'staff car' });
    await expect(attempt({ method: 'nil', reason: 'twice' })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('counts takings per method on the shift, and the counted cash difference at sign-out', async () => {
    const ctx = await w.ctx();
    const a = await h()['walkin.admit']({ lot_id: LOT_A, vehicle_number: 'T1' }, ctx);
    const b = await h()['walkin.admit']({ lot_id: LOT_A, vehicle_number: 'T2' }, ctx);
    w.clock.t += HOUR;
    await h()['release.complete']({ booking_id: a.booking.id, method: 'cash', amount_cents: 400, tendered_cents: 500, lost_pass: false }, ctx);
    await h()['release.complete']({ booking_id: b.booking.id, method: 'card', amount_cents: 400, lost_pass: false }, ctx);
    expect(await h()['shift.current']({}, ctx)).toMatchObject({ entries: 2, exits: 2, float_cents: 10_000, takings: { cash: 400, card: 400, prepaid: 0, nil: 0 } });
    const closed = await h()['staff.signOut']({ counted_cash_cents: 10_350 }, ctx);
    expect(closed).toMatchObject({ closed_at: w.clock.t, counted_cash_cents: 10_350, cash_difference_cents: -50 });
    expect(w.booth.sessions.resolve(ctx.session_token)).toBeNull();
  });
});
