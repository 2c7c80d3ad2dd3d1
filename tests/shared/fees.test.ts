import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Tariff, quoteOverstay, quoteStay } from '../../src/shared/fees';

const MIN = 60_000;
const tariffArb = fc
  .record({
    price_cents: fc.integer({ min: 0, max: 100_000 }),
    price_type: fc.constantFrom('hour' as const, 'day' as const, 'month' as const),
    increment_minutes: fc.constantFrom(1, 5, 15, 30, 60),
    grace_minutes: fc.integer({ min: 0, max: 30 }),
    daily_cap_cents: fc.option(fc.integer({ min: 0, max: 200_000 }), { nil: null }),
  })
  .map((t) => Tariff.parse(t));
const durationArb = fc.integer({ min: 0, max: 40 * 24 * 60 * MIN });

describe('fee quoting', () => {
  const hourly = Tariff.parse({ price_cents: 250, price_type: 'hour', increment_minutes: 15, grace_minutes: 10, daily_cap_cents: 1800 });

  it('charges every started increment', () => {
    expect(quoteStay(hourly, 61 * MIN).amount_cents).toBe(313); // 75 min at 2.50/h, rounded up to a cent
    expect(quoteStay(hourly, 60 * MIN).amount_cents).toBe(250);
    expect(quoteStay(hourly, 1 * MIN).billable_minutes).toBe(15);
  });

  it('is free inside the grace period only when asked', () => {
    expect(quoteStay(hourly, 10 * MIN, { applyGrace: true })).toMatchObject({ amount_cents: 0, within_grace: true });
    expect(quoteStay(hourly, 11 * MIN, { applyGrace: true }).amount_cents).toBe(63);
    expect(quoteStay(hourly, 10 * MIN).amount_cents).toBe(63);
  });

  it('caps each 24-hour period', () => {
    const q = quoteStay(hourly, (2 * 24 * 60 + 120) * MIN);
    expect(q).toMatchObject({ full_days: 2, amount_cents: 1800 * 2 + 500, capped: true });
  });

  it('charges overstay per started increment past the end, after the exit grace', () => {
    const end = Date.UTC(2026, 0, 1, 12);
    expect(quoteOverstay(hourly, end, end + 5 * MIN, 10).amount_cents).toBe(0);
    expect(quoteOverstay(hourly, end, end + 16 * MIN, 10).amount_cents).toBe(125); // 30 min
  });

  it('is never negative and never decreases as the stay grows', () => {
    fc.assert(
      fc.property(tariffArb, durationArb, durationArb, fc.boolean(), (t, a, b, grace) => {
        const [short, long] = a <= b ? [a, b] : [b, a];
        const qs = quoteStay(t, short, { applyGrace: grace });
        const ql = quoteStay(t, long, { applyGrace: grace });
        expect(qs.amount_cents).toBeGreaterThanOrEqual(0);
        expect(Number.isInteger(ql.amount_cents)).toBe(true);
        expect(ql.amount_cents).toBeGreaterThanOrEqual(qs.amount_cents);
      }),
      { numRuns: 2000 },
    );
  });

  it('never charges more than the cap per started day', () => {
    fc.assert(
      fc.property(tariffArb, durationArb, (t, d) => {
        fc.pre(t.daily_cap_cents !== null);
        const q = quoteStay(t, d);
        const startedDays = Math.max(1, Math.ceil(q.billable_minutes / 1440));
        expect(q.amount_cents).toBeLessThanOrEqual(startedDays * t.daily_cap_cents!);
      }),
      { numRuns: 2000 },
    );
  });
});
