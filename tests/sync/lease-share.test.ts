import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { leaseShare } from '../../server/sync/leases';

describe('lease shares', () => {
  it('never add up to more than the free bays, whatever order booths sync and use them in', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 200 }),
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.boolean()), { maxLength: 60 }),
        (booths, bays, steps) => {
          let free = bays;
          const leases = new Array<number>(booths).fill(0);
          for (const [who, use, arrive] of steps) {
            const i = who % booths;
            if (arrive) {
              // Offline walk-ins at booth i, within its lease: each takes a bay.
              const n = Math.min(use, leases[i]!);
              leases[i]! -= n;
              free -= n;
            } else {
              const others = leases.reduce((a, b) => a + b, 0) - leases[i]!;
              leases[i] = leaseShare(free, booths, others);
            }
            expect(leases.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(free);
            expect(free).toBeGreaterThanOrEqual(0);
          }
        },
      ),
    );
  });

  it('gives a lone booth every free bay and splits them between two', () => {
    expect(leaseShare(10, 1, 0)).toBe(10);
    expect(leaseShare(10, 2, 0)).toBe(5);
    expect(leaseShare(9, 2, 5)).toBe(4);
    expect(leaseShare(9, 2, 4)).toBe(5);
    expect(leaseShare(0, 3, 0)).toBe(0);
  });
});
