/**
 * Walk-ins hold bays too. A car a booth let in without a booking (booth_walkins, written by sync push) occupies
 * a bay from its entry until it is released, so every capacity decision (new booking, shrinking a lot,
 * blocking a bay, an availability block) and every availability figure counts it next to bookings and blocks.
 *
 * When it will leave is unknown, and a window ahead needs a guess:
 * - it is assumed to stay WALKIN_STAY_HOURS (24 h) from its entry. Both wrong guesses cost: too short and a
 *   customer with a paid booking finds the bay taken; too long and bookings are refused for bays that will be
 *   empty. A day is the longest stay the walk-in tariff plans for (the daily cap, 'day' lots), nearly every
 *   walk-in is gone well before it, and past it the guess stops blocking bookings days ahead for a car that
 *   was simply never released at the booth;
 * - one still inside after that holds a rolling WALKIN_OVERSTAY_HOURS (2 h) from now: it is certainly there
 *   now, and 2 h is the same near horizon the booths' walk-in leases keep free for bookings due soon.
 * So a walk-in holds [entry, greatest(entry + 24 h, now + 2 h)), counted once released (status 'completed') no more.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db';
import type { Hold } from './capacity';

export const WALKIN_STAY_HOURS = 24;
export const WALKIN_OVERSTAY_HOURS = 2;

/** The end assumed for the hold of the active walk-in row aliased `w`. */
export const walkinHoldEnd = (w: string): SQL =>
  sql`greatest(${sql.raw(w)}.check_in_time + make_interval(hours => ${WALKIN_STAY_HOURS}::int), now() + make_interval(hours => ${WALKIN_OVERSTAY_HOURS}::int))`;

/**
 * The active walk-ins of `lotId` (a value, or a column such as the search's p.id) holding a bay at some instant of
 * [from, to), as SQL rows (s, e).
 */
export function walkinRows(lotId: SQL | string, from: SQL | string, to: SQL | string): SQL {
  return sql`SELECT w.check_in_time AS s, ${walkinHoldEnd('w')} AS e
    FROM booth_walkins w
    WHERE w.lot_id = ${lotId} AND w.status = 'active' AND w.check_in_time < ${to}::timestamptz AND ${walkinHoldEnd('w')} > ${from}::timestamptz`;
}

/**
 * The same walk-ins in the row shape of the booking decision's holds queries (bookings/repository: start, end,
 * weight, pin, holds), to be joined there with UNION ALL. `asText`: start and end as text, as bookingContext
 * selects them.
 */
export function walkinHoldRows(lotId: SQL | string, from: SQL | Date, to: SQL | Date, asText = false): SQL {
  const cast = sql.raw(asText ? '::text' : '');
  const iso = (d: SQL | Date) => (d instanceof Date ? d.toISOString() : d);
  return sql`SELECT h.s${cast}, h.e${cast}, 1, NULL, true FROM (${walkinRows(lotId, iso(from), iso(to))}) h`;
}

/** The holds of a lot's walk-ins in [from, to). */
export async function walkinHolds(db: Executor, lotId: string, from: Date, to: Date): Promise<Hold[]> {
  const result = await db.execute<{ s: string; e: string }>(
    sql`SELECT h.s::text AS s, h.e::text AS e FROM (${walkinRows(lotId, from.toISOString(), to.toISOString())}) h`,
  );
  return result.rows.map((r) => ({ start: Date.parse(r.s), end: Date.parse(r.e), weight: 1 }));
}
