/**
 * Refund policy when a customer cancels a booking (pure, integer cents):
 * - 24 hours or more before the start: everything back;
 * - later, but before the start: half back (rounded down to the cent), since the bay was held and likely unsold;
 * - after the start: nothing (the booking has become a no-show).
 * A lot owner or admin cancelling refunds in full: it is not the customer's doing.
 */
const FULL_REFUND_NOTICE_MS = 24 * 3_600_000;

export function refundCents(paidCents: number, startMs: number, cancelMs: number): number {
  if (cancelMs <= startMs - FULL_REFUND_NOTICE_MS) return paidCents;
  if (cancelMs < startMs) return Math.floor(paidCents / 2);
  return 0;
}
