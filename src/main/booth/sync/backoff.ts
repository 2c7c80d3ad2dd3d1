/** Retry delays: exponential from `base`, capped, with full jitter so booths that lost the API together do not return together. */
export const BACKOFF_CAP_MS = 30_000;

export function backoffDelay(attempt: number, random: () => number = Math.random, base = 500, cap = BACKOFF_CAP_MS): number {
  const ceiling = Math.min(cap, base * 2 ** Math.min(attempt, 16));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
