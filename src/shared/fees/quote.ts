import type { Tariff } from './tariff';

const MINUTES_PER_UNIT = { hour: 60, day: 1440, month: 30 * 1440 } as const;
const MINUTES_PER_DAY = 1440;
const MS_PER_MINUTE = 60_000;

export interface Quote {
  /** Minutes charged for, after rounding up to the tariff's increment (0 inside the grace period). */
  billable_minutes: number;
  /** Whole 24-hour periods in the stay, each charged at most the daily cap. */
  full_days: number;
  amount_cents: number;
  /** True when the daily cap lowered the amount. */
  capped: boolean;
  /** True when the stay fell inside the grace period and is free. */
  within_grace: boolean;
}

export interface QuoteOptions {
  /** Apply the grace period (walk-ins and overstays). Pre-booked windows are priced without it. */
  applyGrace?: boolean;
}

/** Price of `minutes` of parking at the tariff's rate, rounded up to a whole cent. Integer maths only. */
function uncappedCents(tariff: Tariff, minutes: number): number {
  const unit = MINUTES_PER_UNIT[tariff.price_type];
  return Math.ceil((minutes * tariff.price_cents) / unit);
}

function capped(tariff: Tariff, minutes: number): number {
  const cents = uncappedCents(tariff, minutes);
  return tariff.daily_cap_cents === null ? cents : Math.min(cents, tariff.daily_cap_cents);
}

/**
 * Quotes a stay of `durationMs` under `tariff`. Never negative, never decreasing as the stay grows, and no
 * 24-hour period costs more than the daily cap (property-tested in tests/shared/fees.test.ts).
 */
export function quoteStay(tariff: Tariff, durationMs: number, options: QuoteOptions = {}): Quote {
  const minutesExact = Math.max(0, durationMs) / MS_PER_MINUTE;
  if (minutesExact === 0 || (options.applyGrace && minutesExact <= tariff.grace_minutes)) {
    return { billable_minutes: 0, full_days: 0, amount_cents: 0, capped: false, within_grace: minutesExact > 0 };
  }
  const inc = tariff.increment_minutes;
  const billable = Math.ceil(minutesExact / inc) * inc;
  const fullDays = Math.floor(billable / MINUTES_PER_DAY);
  const rest = billable % MINUTES_PER_DAY;
  const amount = fullDays * capped(tariff, MINUTES_PER_DAY) + capped(tariff, rest);
  return {
    billable_minutes: billable,
    full_days: fullDays,
    amount_cents: amount,
    capped: amount < uncappedCents(tariff, billable),
    within_grace: false,
  };
}

/**
 * What a driver owes for leaving after the booked end: nothing within `exitGraceMinutes` of the end, otherwise
 * the tariff for every started increment beyond the end (the grace does not discount the overstay).
 */
export function quoteOverstay(tariff: Tariff, bookedEnd: number, actualExit: number, exitGraceMinutes: number): Quote {
  const over = actualExit - bookedEnd;
  if (over <= exitGraceMinutes * MS_PER_MINUTE) {
    return { billable_minutes: 0, full_days: 0, amount_cents: 0, capped: false, within_grace: over > 0 };
  }
  return quoteStay(tariff, over);
}
