import type { Booking, Lot } from '../../../shared/contract';
import type { DenyReason } from '../../../shared/domain';

const MINUTE = 60_000;

export type Verdict =
  | { decision: 'ADMIT' }
  /** `at`: the time the reason refers to (entry from, ended at, inside since), for the message. */
  | { decision: 'DENY'; reason: DenyReason; at: number | null; no_show?: boolean };

export type DecidableBooking = Pick<Booking, 'lot_id' | 'status' | 'start_time' | 'end_time' | 'check_in_time' | 'check_out_time'>;
export type GateRules = Pick<Lot, 'id' | 'entry_grace_minutes' | 'no_show_minutes'>;

/**
 * Whether a booking may enter `lot` at `now` (pure). Order matters: a pass for another lot says nothing about
 * its state; then final states; then anti-passback; then the window (start − entry grace … end), and the
 * no-show window for a booking never checked in.
 */
export function decide(booking: DecidableBooking, lot: GateRules, now: number): Verdict {
  if (booking.lot_id !== lot.id) return { decision: 'DENY', reason: 'wrong_lot', at: null };
  if (booking.status === 'cancelled') return { decision: 'DENY', reason: 'cancelled', at: null };
  if (booking.status === 'completed') return { decision: 'DENY', reason: 'completed', at: booking.check_out_time };
  if (booking.status === 'active') return { decision: 'DENY', reason: 'already_inside', at: booking.check_in_time };
  const entryFrom = booking.start_time - lot.entry_grace_minutes * MINUTE;
  if (now < entryFrom) return { decision: 'DENY', reason: 'too_early', at: entryFrom };
  if (booking.end_time !== null && now >= booking.end_time) return { decision: 'DENY', reason: 'expired', at: booking.end_time };
  if (lot.no_show_minutes > 0) {
    const noShowAt = booking.start_time + lot.no_show_minutes * MINUTE;
    if (now > noShowAt) return { decision: 'DENY', reason: 'expired', at: noShowAt, no_show: true };
  }
  return { decision: 'ADMIT' };
}

/**
 * Among several bookings sharing a PIN at a lot (different windows), the one the driver most likely means:
 * an admissible one first, then one already inside, then the nearest upcoming, then the latest past.
 */
export function pickPinCandidate<B extends DecidableBooking>(candidates: readonly B[], lot: GateRules, now: number): B | null {
  let best: { b: B; rank: number; distance: number } | null = null;
  for (const b of candidates) {
    const v = decide(b, lot, now);
    const rank =
      v.decision === 'ADMIT' ? 0 : v.reason === 'already_inside' ? 1 : v.reason === 'too_early' ? 2 : v.reason === 'cancelled' ? 4 : 3;
    const distance = Math.abs(b.start_time - now);
    if (!best || rank < best.rank || (rank === best.rank && distance < best.distance)) best = { b, rank, distance };
  }
  return best?.b ?? null;
}
