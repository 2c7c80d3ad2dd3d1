/**
 * A booked car still inside after its booked end holds its bay on. Like a walk-in past its guessed stay
 * (walkins.ts), it is certainly there now and may stay a while: once its end has passed it holds
 * [start, now + WALKIN_OVERSTAY_HOURS), a rolling horizon. A car not yet at its end holds [start, end) as booked:
 * most leave on time, and assuming otherwise would refuse bookings for bays that will be free.
 *
 * Window queries select bookings with `end_time > from`, which misses a car whose booked end is at or before the
 * window's start but which is still inside: `overstayRows` adds exactly those, and `bookingHoldEnd` gives the
 * others' hold its rolling end once theirs has passed.
 */
import { sql, type SQL } from 'drizzle-orm';
import { WALKIN_OVERSTAY_HOURS } from './walkins';

const horizon = sql`now() + make_interval(hours => ${WALKIN_OVERSTAY_HOURS}::int)`;

/** The end of the hold of the booking row aliased `b`. */
export const bookingHoldEnd = (b: string): SQL => {
  const row = sql.raw(b);
  return sql`(CASE WHEN ${row}.status = 'active' AND ${row}.end_time <= now() THEN ${horizon} ELSE ${row}.end_time END)`;
};

/**
 * Cars of `lotId` inside past a booked end at or before `from`, holding a bay at some instant of [from, to), as
 * rows (s, e, pin). `except`: a booking to leave out (an extension re-checks its own).
 */
export function overstayRows(lotId: SQL | string, from: SQL | string, to: SQL | string, except?: string): SQL {
  return sql`SELECT o.start_time AS s, ${horizon} AS e, o.pin FROM bookings o
    WHERE o.spot_id = ${lotId} AND o.status = 'active' AND o.end_time <= least(${from}::timestamptz, now())
      AND o.start_time < ${to}::timestamptz AND ${horizon} > ${from}::timestamptz${except ? sql` AND o.id <> ${except}` : sql``}`;
}
