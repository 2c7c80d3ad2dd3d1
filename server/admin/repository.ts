// Owner analytics queries. Revenue of a booking = what it cost (parking_cost at release, else the booked
// price) less any refund, for bookings that were paid; it counts on the day it ended (check-out, else its
// start), in the lot's own time zone. A walk-in's revenue is what its booth took at release (booth_payments),
// on that day. Sums stay DECIMAL in SQL and become cents at this boundary.
import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db';
import { decimalToCents } from '../db/money';

/** Which lots a query covers: an owner's, one lot, or (admin, no filter) all. */
export interface LotScope {
  ownerId: string | null;
  spotId: string | null;
}

export function lotFilter(alias: string, scope: LotScope): SQL {
  const parts: SQL[] = [sql`TRUE`];
  if (scope.ownerId) parts.push(sql`${sql.raw(alias)}.owner_id = ${scope.ownerId}`);
  if (scope.spotId) parts.push(sql`${sql.raw(alias)}.id = ${scope.spotId}`);
  return sql.join(parts, sql` AND `);
}

const REVENUE = sql.raw(`(coalesce(b.parking_cost, b.total_cost) - coalesce(b.refund_amount, 0))`);
const PAID = sql.raw(`b.payment_status IN ('paid', 'refunded')`);
const RECOGNISED_AT_SQL = 'coalesce(b.check_out_time, b.start_time)';
const RECOGNISED_AT = sql.raw(RECOGNISED_AT_SQL);

/** Every item of revenue of the lots in `scope` as rows (amount, at, spot_id, lot_name, time_zone): paid bookings and walk-ins' payments. */
function revenueItems(scope: LotScope): SQL {
  return sql`
    SELECT ${REVENUE} AS amount, ${RECOGNISED_AT} AS at, s.id AS spot_id, s.name AS lot_name, s.time_zone
    FROM bookings b JOIN parking_spots s ON s.id = b.spot_id WHERE ${lotFilter('s', scope)} AND ${PAID}
    UNION ALL
    SELECT p.amount, p.created_at, s.id, s.name, s.time_zone
    FROM booth_payments p JOIN booth_walkins w ON w.id = p.booking_id JOIN parking_spots s ON s.id = p.lot_id WHERE ${lotFilter('s', scope)}`;
}

export async function dashboard(db: Executor, scope: LotScope) {
  const where = lotFilter('s', scope);
  const [bays, counts, money, upcoming] = await Promise.all([
    db.execute(sql`
      SELECT count(DISTINCT s.id)::int AS lots, count(y.id)::int AS total,
             count(y.id) FILTER (WHERE y.status = 'occupied')::int AS occupied, count(y.id) FILTER (WHERE y.blocked)::int AS blocked
      FROM parking_spots s LEFT JOIN bays y ON y.lot_id = s.id WHERE ${where}`),
    db.execute(sql`
      SELECT count(*) FILTER (WHERE b.status = 'active')::int AS active,
             count(*) FILTER (WHERE b.status = 'pending' AND b.start_time >= now() - interval '15 minutes' AND b.start_time < now() + interval '24 hours')::int AS arrivals,
             (SELECT coalesce(round(sum(s2.rating * s2.review_count) / nullif(sum(s2.review_count), 0), 2), 0)::float8 FROM parking_spots s2 WHERE ${lotFilter('s2', scope)}) AS rating,
             (SELECT coalesce(sum(s3.review_count), 0)::int FROM parking_spots s3 WHERE ${lotFilter('s3', scope)}) AS reviews
      FROM bookings b JOIN parking_spots s ON s.id = b.spot_id WHERE ${where}`),
    db.execute(sql`
      SELECT coalesce(sum(r.amount) FILTER (WHERE r.at >= now() - interval '24 hours'), 0)::text AS day,
             coalesce(sum(r.amount) FILTER (WHERE r.at >= now() - interval '30 days'), 0)::text AS month
      FROM (${revenueItems(scope)}) r WHERE r.at <= now()`),
    db.execute(sql`
      SELECT b.id AS booking_id, s.id AS spot_id, s.name AS lot_name, b.start_time, b.end_time, b.vehicle_number
      FROM bookings b JOIN parking_spots s ON s.id = b.spot_id
      WHERE ${where} AND b.status = 'pending' AND b.start_time >= now() - interval '15 minutes' AND b.start_time < now() + interval '24 hours'
      ORDER BY b.start_time, b.id LIMIT 20`),
  ]);
  const y = bays.rows[0] as { lots: number; total: number; occupied: number; blocked: number };
  const c = counts.rows[0] as { active: number; arrivals: number; rating: number; reviews: number };
  const m = money.rows[0] as { day: string; month: string };
  const usable = y.total - y.blocked;
  return {
    lots: y.lots,
    bays_total: y.total,
    bays_occupied: y.occupied,
    bays_blocked: y.blocked,
    occupancy_percent: usable > 0 ? Math.round((y.occupied / usable) * 1000) / 10 : 0,
    active_now: c.active,
    arrivals_next_24h: c.arrivals,
    upcoming: (upcoming.rows as Array<{ booking_id: string; spot_id: string; lot_name: string; start_time: Date | string; end_time: Date | string; vehicle_number: string | null }>).map((u) => ({
      ...u,
      start_time: new Date(u.start_time).toISOString(),
      end_time: new Date(u.end_time).toISOString(),
    })),
    revenue_last_24h_cents: decimalToCents(m.day),
    revenue_last_30d_cents: decimalToCents(m.month),
    average_rating: Number(c.rating),
    review_count: c.reviews,
  };
}

export async function revenue(db: Executor, scope: LotScope, from: string, to: string) {
  const rows = await db.execute(sql`
    SELECT r.day::text AS date, r.spot_id, r.lot_name, sum(r.amount)::text AS revenue, count(*)::int AS bookings
    FROM (SELECT i.*, (i.at AT TIME ZONE i.time_zone)::date AS day FROM (${revenueItems(scope)}) i) r
    WHERE r.day BETWEEN ${from}::date AND ${to}::date
    GROUP BY 1, 2, 3 ORDER BY 1, 3, 2`);
  return (rows.rows as Array<{ date: string; spot_id: string; lot_name: string; revenue: string; bookings: number }>).map((r) => ({
    date: r.date,
    spot_id: r.spot_id,
    lot_name: r.lot_name,
    revenue_cents: decimalToCents(r.revenue),
    bookings: r.bookings,
  }));
}
