import type { Booking, FeeQuote, Lot } from '../../../shared/contract';
import { quoteOverstay, quoteStay } from '../../../shared/fees';

function duration(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h === 0 ? `${m} min` : m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/**
 * What releasing `booking` at `now` costs (pure). A walk-in pays its stay (grace applied); a pre-booked car pays
 * its booking's price unless it was paid online (lots without online payment are paid at the booth), and an
 * overstay beyond end + exit grace; a lost pass adds the lot's fee.
 */
export function quoteRelease(booking: Booking, lot: Lot, now: number, lostPass: boolean): Omit<FeeQuote, 'booking' | 'quoted_at'> {
  const since = booking.check_in_time ?? booking.start_time;
  const durationMs = Math.max(0, now - since);
  const lines: FeeQuote['lines'] = [];
  let prepaid = 0;
  if (booking.source === 'walkin') {
    const stay = quoteStay(lot.tariff, durationMs, { applyGrace: true });
    lines.push({ label: stay.within_grace ? `Parking ${duration(durationMs)} (grace)` : `Parking ${duration(stay.billable_minutes * 60_000)}`, amount_cents: stay.amount_cents });
  } else {
    if (booking.payment_status === 'paid') prepaid = booking.total_cost_cents;
    else if (booking.total_cost_cents > 0) lines.push({ label: 'Booking, not paid online', amount_cents: booking.total_cost_cents });
    if (booking.end_time !== null && now > booking.end_time) {
      const over = quoteOverstay(lot.tariff, booking.end_time, now, lot.exit_grace_minutes);
      if (over.amount_cents > 0) lines.push({ label: `Overstay ${duration(over.billable_minutes * 60_000)}`, amount_cents: over.amount_cents });
    }
  }
  if (lostPass && lot.lost_pass_fee_cents > 0) lines.push({ label: 'Lost pass', amount_cents: lot.lost_pass_fee_cents });
  return {
    duration_ms: durationMs,
    prepaid_cents: prepaid,
    due_cents: lines.reduce((sum, l) => sum + l.amount_cents, 0),
    lines,
  };
}
