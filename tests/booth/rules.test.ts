import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decide } from '../../src/main/booth/gate/decide';
import { pinLockedUntil } from '../../src/main/booth/gate/pin-lock';
import { startOfLocalDay } from '../../src/main/booth/floor/local-day';
import { quoteRelease } from '../../src/main/booth/release/quote-rules';
import { checkPayment } from '../../src/main/booth/release/payment-rules';
import type { Booking, Lot } from '../../src/shared/contract';

const MIN = 60_000;
const lot: Lot = {
  id: 'lot-1', name: 'L', address: null, time_zone: 'Europe/London', total_bays: 10,
  tariff: { price_cents: 600, price_type: 'hour', increment_minutes: 15, grace_minutes: 10, daily_cap_cents: 3000 },
  entry_grace_minutes: 15, exit_grace_minutes: 15, no_show_minutes: 60, lost_pass_fee_cents: 1000,
};
const booking = (over: Partial<Booking> = {}): Booking => ({
  id: 'b', lot_id: 'lot-1', bay_id: null, bay_number: null, vehicle_number: 'X', vehicle_model: null, remarks: null,
  source: 'prebooked', status: 'pending', start_time: 100 * MIN, end_time: 220 * MIN, check_in_time: null, check_out_time: null,
  pin: null, total_cost_cents: 1200, payment_status: 'paid', parking_cost_cents: null, ...over,
});

describe('gate rules (pure)', () => {
  it('admits exactly from start − entry grace until the no-show window closes (inside the booked window)', () => {
    expect(decide(booking(), lot, 85 * MIN - 1)).toMatchObject({ reason: 'too_early', at: 85 * MIN });
    expect(decide(booking(), lot, 85 * MIN)).toEqual({ decision: 'ADMIT' });
    expect(decide(booking(), lot, 160 * MIN)).toEqual({ decision: 'ADMIT' });
    expect(decide(booking(), lot, 160 * MIN + 1)).toMatchObject({ reason: 'expired', no_show: true });
    expect(decide(booking(), { ...lot, no_show_minutes: 0 }, 219 * MIN)).toEqual({ decision: 'ADMIT' });
    expect(decide(booking(), { ...lot, no_show_minutes: 0 }, 220 * MIN)).toMatchObject({ reason: 'expired', at: 220 * MIN });
  });

  it('says wrong lot before anything else about the booking', () => {
    expect(decide(booking({ lot_id: 'other', status: 'cancelled' }), lot, 0)).toMatchObject({ reason: 'wrong_lot' });
  });

  it('never admits a booking that is inside, completed or cancelled, at any time', () => {
    fc.assert(
      fc.property(fc.constantFrom('active', 'completed', 'cancelled' as const), fc.integer({ min: 0, max: 1_000 * MIN }), (status, now) => {
        const b = booking({ status: status as Booking['status'], check_in_time: 90 * MIN, check_out_time: status === 'completed' ? 95 * MIN : null });
        return decide(b, lot, now).decision === 'DENY';
      }),
    );
  });

  it('locks PIN entry on the 5th failure within the window, for the lock time', () => {
    const at = (...m: number[]) => m.map((x) => x * MIN);
    expect(pinLockedUntil(at(4, 3, 2, 1), 4 * MIN)).toBeNull();
    expect(pinLockedUntil(at(4, 3, 2, 1, 0), 4 * MIN)).toBe(9 * MIN);
    expect(pinLockedUntil(at(5, 3, 2, 1, 0), 5 * MIN)).toBeNull(); // spread over 5 minutes
    expect(pinLockedUntil(at(4, 3, 2, 1, 0), 9 * MIN)).toBeNull(); // lock over
  });
});

describe('release rules (pure)', () => {
  it('never asks a negative amount and never less as a walk-in stays longer', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 * 24 * 60 }), fc.integer({ min: 0, max: 24 * 60 }), (a, b) => {
        const walk = booking({ source: 'walkin', status: 'active', check_in_time: 0, start_time: 0, end_time: null });
        const short = quoteRelease(walk, lot, a * MIN, false).due_cents;
        const long = quoteRelease(walk, lot, (a + b) * MIN, false).due_cents;
        return short >= 0 && long >= short;
      }),
    );
  });

  it('charges a pre-booked car its price unless it was paid online, plus any overstay', () => {
    const inside = { status: 'active' as const, check_in_time: 100 * MIN };
    const paid = quoteRelease(booking({ ...inside, payment_status: 'paid' }), lot, 200 * MIN, false);
    expect(paid).toMatchObject({ prepaid_cents: 1200, due_cents: 0 });
    const unpaid = quoteRelease(booking({ ...inside, payment_status: 'pending' }), lot, 200 * MIN, false);
    expect(unpaid).toMatchObject({ prepaid_cents: 0, due_cents: 1200, lines: [{ label: 'Booking, not paid online', amount_cents: 1200 }] });
    const late = quoteRelease(booking({ ...inside, payment_status: 'failed' }), lot, 300 * MIN, false);
    expect(late.due_cents).toBe(1200 + quoteRelease(booking({ ...inside, payment_status: 'paid' }), lot, 300 * MIN, false).due_cents);
  });

  it('gives change only for cash and asks a reason for anything under the amount due', () => {
    const b = { status: 'active' as const, source: 'walkin' as const };
    expect(checkPayment({ method: 'cash', amount_cents: 450, tendered_cents: 2000 }, 450, b)).toEqual({ change_cents: 1550 });
    expect(() => checkPayment({ method: 'card', amount_cents: 450, tendered_cents: 500 }, 450, b)).toThrow(/Only cash/);
    expect(() => checkPayment({ method: 'card', amount_cents: 400 }, 450, b)).toThrow(/needs a reason/);
    expect(checkPayment({ method: 'card', amount_cents: 400, reason: 'loyal customer' }, 450, b)).toEqual({ change_cents: 0 });
    expect(() => checkPayment({ method: 'cash', amount_cents: 0 }, 0, { status: 'pending', source: 'prebooked' })).toThrow(/never checked in/);
  });
});

describe('local day', () => {
  it('starts "today" at local midnight, across daylight-saving changes', () => {
    // 10:00 BST on 15 June 2026 → midnight BST = 23:00 UTC the day before.
    expect(startOfLocalDay(Date.UTC(2026, 5, 15, 9), 'Europe/London')).toBe(Date.UTC(2026, 5, 14, 23));
    // The day clocks go back (25 Oct 2026): midnight was still BST.
    expect(startOfLocalDay(Date.UTC(2026, 9, 25, 12), 'Europe/London')).toBe(Date.UTC(2026, 9, 24, 23));
    expect(startOfLocalDay(Date.UTC(2026, 0, 1, 3), 'America/New_York')).toBe(Date.UTC(2025, 11, 31, 5));
    expect(startOfLocalDay(Date.UTC(2026, 0, 1, 3), 'UTC')).toBe(Date.UTC(2026, 0, 1));
  });
});
