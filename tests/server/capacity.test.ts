import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fits, peakHolds } from '../../server/spots/capacity';
import { refundCents } from '../../server/bookings/refund';

const H = 3_600_000;

describe('lot capacity arithmetic', () => {
  it('counts simultaneous holds, not every hold that touches the window', () => {
    const holds = [
      { start: 9 * H, end: 10 * H, weight: 1 },
      { start: 11 * H, end: 12 * H, weight: 1 },
    ];
    expect(peakHolds(holds, 8 * H, 13 * H)).toBe(1);
    expect(fits(holds, 1, 10 * H, 11 * H)).toBe(true);
    expect(fits(holds, 1, 9.5 * H, 11 * H)).toBe(false);
    // Back to back is not overlapping.
    expect(peakHolds([...holds, { start: 10 * H, end: 11 * H, weight: 3 }], 8 * H, 13 * H)).toBe(3);
  });

  it('agrees with a minute-by-minute count (property)', () => {
    const hold = fc.record({ start: fc.integer({ min: 0, max: 200 }), len: fc.integer({ min: 1, max: 60 }), weight: fc.integer({ min: 1, max: 3 }) });
    fc.assert(
      fc.property(fc.array(hold, { maxLength: 12 }), fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1, max: 80 }), (hs, from, len) => {
        const holds = hs.map((h) => ({ start: h.start, end: h.start + h.len, weight: h.weight }));
        let brute = 0;
        for (let t = from; t < from + len; t++) {
          brute = Math.max(brute, holds.filter((h) => h.start <= t && t < h.end).reduce((s, h) => s + h.weight, 0));
        }
        expect(peakHolds(holds, from, from + len)).toBe(brute);
      }),
    );
  });
});

describe('refund policy', () => {
  const start = 100 * H;
  it('refunds in full up to 24 h before the start, half until the start, nothing after', () => {
    expect(refundCents(1000, start, start - 25 * H)).toBe(1000);
    expect(refundCents(1000, start, start - 24 * H)).toBe(1000);
    expect(refundCents(1001, start, start - 2 * H)).toBe(500);
    expect(refundCents(1000, start, start + 1)).toBe(0);
  });
});
