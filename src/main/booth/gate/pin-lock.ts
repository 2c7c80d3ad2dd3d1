/**
 * PIN brute-force lockout (pure). There are only 10,000 PINs, so after `maxFailures` wrong PINs within
 * `windowMs` at one booth, PIN entry is locked for `lockMs` from the last failure. A correct PIN resets the count.
 * Attempts made while locked are audited but not counted, so the lock does not extend itself forever.
 */
export const PIN_LOCK_RULE = { maxFailures: 5, windowMs: 5 * 60_000, lockMs: 5 * 60_000 } as const;
export type PinLockRule = { maxFailures: number; windowMs: number; lockMs: number };

/** `failures`: times of the wrong PINs since the last correct one, newest first. */
export function pinLockedUntil(failures: readonly number[], now: number, rule: PinLockRule = PIN_LOCK_RULE): number | null {
  const newest = failures[0];
  const oldestCounted = failures[rule.maxFailures - 1];
  if (newest === undefined || oldestCounted === undefined) return null;
  if (newest - oldestCounted >= rule.windowMs) return null;
  const until = newest + rule.lockMs;
  return until > now ? until : null;
}
