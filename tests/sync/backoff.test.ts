import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BACKOFF_CAP_MS, backoffDelay } from '../../src/main/booth/sync/backoff';

describe('retry backoff', () => {
  it('grows with each failure, is jittered, and never waits more than 30 s', () => {
    fc.assert(
      fc.property(fc.nat(1_000), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, r) => {
        const d = backoffDelay(attempt, () => r);
        expect(d).toBeGreaterThan(0);
        expect(d).toBeLessThanOrEqual(BACKOFF_CAP_MS);
      }),
    );
    expect(BACKOFF_CAP_MS).toBe(30_000);
    const low = [0, 1, 2, 3, 4].map((a) => backoffDelay(a, () => 0));
    expect(low).toEqual([...low].sort((a, b) => a - b));
    expect(new Set([0, 0.5, 0.99].map((r) => backoffDelay(5, () => r))).size).toBe(3);
    expect(backoffDelay(50, () => 0.99)).toBeGreaterThan(25_000);
  });
});
