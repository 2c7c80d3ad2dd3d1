/**
 * Lot search: active lots near a point (great-circle distance computed once per candidate, which a bounding box
 * on the location index has already narrowed), by price, amenities (all of them), rating and free bays, sorted
 * and paginated with the total in the same query. Hand-written SQL because this is the busiest read of the API;
 * every value is still a bound parameter.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Lot, LotSearchQuery } from '../../src/shared/api/spots';
import type { Executor } from '../db';
import { centsToDecimal, decimalToCents } from '../db/money';
import { bookingHoldEnd, overstayRows } from './overstays';
import { walkinRows } from './walkins';

const EARTH_DIAMETER_KM = 2 * 6371.0088;
const KM_PER_DEGREE = 111.32;
const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

type Raw = {
  id: string;
  owner_id: string;
  name: string;
  description: string | null;
  address: string;
  latitude: string;
  longitude: string;
  total_slots: number;
  available_slots: number;
  price: string;
  price_type: Lot['price_type'];
  opening_hours: string | null;
  phone: string | null;
  is_active: boolean;
  rating: string;
  review_count: number;
  time_zone: string;
  increment_minutes: number;
  grace_minutes: number;
  daily_cap: string | null;
  entry_grace_minutes: number;
  exit_grace_minutes: number;
  no_show_minutes: number;
  created_at: string;
  updated_at: string;
  distance_km: number | null;
  total: number;
};

function fromRaw(r: Raw): Lot & { distance_km: number | null } {
  return {
    id: r.id,
    owner_id: r.owner_id,
    name: r.name,
    description: r.description,
    address: r.address,
    latitude: Number(r.latitude),
    longitude: Number(r.longitude),
    total_slots: r.total_slots,
    available_slots: r.available_slots,
    price_cents: decimalToCents(r.price),
    price_type: r.price_type,
    opening_hours: r.opening_hours,
    phone: r.phone,
    is_active: r.is_active,
    rating: Number(r.rating),
    review_count: r.review_count,
    time_zone: r.time_zone,
    increment_minutes: r.increment_minutes,
    grace_minutes: r.grace_minutes,
    daily_cap_cents: r.daily_cap === null ? null : decimalToCents(r.daily_cap),
    entry_grace_minutes: r.entry_grace_minutes,
    exit_grace_minutes: r.exit_grace_minutes,
    no_show_minutes: r.no_show_minutes,
    created_at: r.created_at,
    updated_at: r.updated_at,
    distance_km: r.distance_km === null ? null : Number(r.distance_km),
  };
}

/** The same key for every query that means the same search (amenities in any order, defaults applied). */
export function searchKey(q: LotSearchQuery): string {
  const amenities = [...new Set(q.amenities ?? [])].sort();
  return JSON.stringify([
    q.lat, q.lng, q.radius_km, q.min_price_cents, q.max_price_cents, q.price_type, amenities, q.min_rating, q.sort, q.page, q.limit,
    q.start_time?.toISOString(), q.end_time?.toISOString(), q.min_available,
  ]);
}

/**
 * Bays of lot `p` free for the whole of [from, to): its unblocked bays minus the peak of what holds them in the
 * window — the same holds and the same sweep as a booking decision (repository holdsIn, capacity.peakHolds):
 * live bookings (a pending one until its no-show deadline), availability blocks, walk-ins inside. Each hold,
 * clipped to the window, is a +weight event at its start and a -weight one at its end; ends sort first at equal
 * times (a bay freed at 10:00 serves a stay from 10:00), and the peak is the running sum's maximum.
 */
function freeInWindow(from: Date, to: Date): SQL {
  const [f, t] = [from.toISOString(), to.toISOString()];
  const holds = sql`
    SELECT b.start_time AS s, ${bookingHoldEnd('b')} AS e, 1 AS w FROM bookings b
    WHERE b.spot_id = p.id AND b.start_time < ${t}::timestamptz AND b.end_time > ${f}::timestamptz
      AND (b.status = 'active' OR (b.status = 'pending' AND b.start_time + make_interval(mins => p.no_show_minutes) > now()))
    UNION ALL
    SELECT a.start_time, a.end_time, a.slots_affected FROM availability_blocks a
    WHERE a.spot_id = p.id AND a.start_time < ${t}::timestamptz AND a.end_time > ${f}::timestamptz
    UNION ALL
    SELECT wk.s, wk.e, 1 FROM (${walkinRows(sql`p.id`, f, t)}) wk
    UNION ALL
    SELECT ov.s, ov.e, 1 FROM (${overstayRows(sql`p.id`, f, t)}) ov`;
  const peak = sql`(SELECT max(r.run) FROM (
      SELECT sum(ev.d) OVER (ORDER BY ev.t, ev.d ROWS UNBOUNDED PRECEDING) AS run
      FROM (${holds}) h
      CROSS JOIN LATERAL (VALUES (greatest(h.s, ${f}::timestamptz), h.w), (least(h.e, ${t}::timestamptz), -h.w)) ev(t, d)
    ) r)`;
  return sql`greatest((SELECT count(*) FROM bays bb WHERE bb.lot_id = p.id AND NOT bb.blocked) - coalesce(${peak}, 0), 0)::int`;
}

export async function searchLots(db: Executor, q: LotSearchQuery): Promise<{ items: Array<Lot & { distance_km: number | null }>; total: number }> {
  const where: SQL[] = [sql`p.is_active`];
  let distance: SQL = sql`NULL::float8`;
  const outer: SQL[] = [];
  if (q.lat !== undefined && q.lng !== undefined) {
    const { lat, lng } = q;
    distance = sql`(${sql.raw(String(EARTH_DIAMETER_KM))} * asin(sqrt(
      power(sin(radians(p.latitude::float8 - ${lat}::float8) / 2), 2) +
      ${Math.cos((lat * Math.PI) / 180)}::float8 * cos(radians(p.latitude::float8)) *
      power(sin(radians(p.longitude::float8 - ${lng}::float8) / 2), 2))))`;
    const dLat = q.radius_km / KM_PER_DEGREE;
    where.push(sql`p.latitude BETWEEN ${Math.max(-90, lat - dLat)}::numeric AND ${Math.min(90, lat + dLat)}::numeric`);
    const cosLat = Math.cos((lat * Math.PI) / 180);
    const dLng = cosLat > 0.01 ? q.radius_km / (KM_PER_DEGREE * cosLat) : 360;
    // Near the poles or across the antimeridian the box would wrap: rely on the exact distance alone there.
    if (lng - dLng >= -180 && lng + dLng <= 180) where.push(sql`p.longitude BETWEEN ${lng - dLng}::numeric AND ${lng + dLng}::numeric`);
    outer.push(sql`distance_km <= ${q.radius_km}::float8`);
  }
  if (q.min_price_cents !== undefined) where.push(sql`p.price >= ${centsToDecimal(q.min_price_cents)}::numeric`);
  if (q.max_price_cents !== undefined) where.push(sql`p.price <= ${centsToDecimal(q.max_price_cents)}::numeric`);
  if (q.price_type) where.push(sql`p.price_type = ${q.price_type}`);
  if (q.min_rating !== undefined) where.push(sql`p.rating >= ${q.min_rating}::numeric`);
  const available = q.start_time && q.end_time ? freeInWindow(q.start_time, q.end_time) : sql`p.available_slots`;
  if (q.min_available !== undefined) outer.push(sql`available_slots >= ${q.min_available}::int`);
  const wanted = [...new Set(q.amenities ?? [])];
  if (wanted.length > 0) {
    where.push(sql`p.id IN (SELECT spot_id FROM parking_spot_amenities
      WHERE amenity_id IN (${sql.join(wanted.map((id) => sql`${id}::uuid`), sql`, `)})
      GROUP BY spot_id HAVING count(*) = ${wanted.length}::int)`);
  }
  const sort = q.sort ?? (q.lat !== undefined ? 'distance' : 'newest');
  const order = {
    distance: sql`distance_km ASC`,
    price: sql`price ASC`,
    rating: sql`rating DESC, review_count DESC`,
    newest: sql`created_at_raw DESC`,
    availability: sql`available_slots DESC`,
  }[sort];
  const result = await db.execute<Raw>(sql`
    SELECT *, count(*) OVER ()::int AS total FROM (
      SELECT p.id, p.owner_id, p.name, p.description, p.address, p.latitude, p.longitude, p.total_slots,
        ${available} AS available_slots, p.price, p.price_type, p.opening_hours, p.phone, p.is_active, p.rating, p.review_count,
        p.time_zone, p.increment_minutes, p.grace_minutes, p.daily_cap, p.entry_grace_minutes, p.exit_grace_minutes,
        p.no_show_minutes, p.created_at AS created_at_raw,
        to_char(p.created_at AT TIME ZONE 'UTC', ${sql.raw(ISO)}) AS created_at,
        to_char(p.updated_at AT TIME ZONE 'UTC', ${sql.raw(ISO)}) AS updated_at,
        ${distance} AS distance_km
      FROM parking_spots p
      WHERE ${sql.join(where, sql` AND `)}
    ) s
    ${outer.length > 0 ? sql`WHERE ${sql.join(outer, sql` AND `)}` : sql``}
    ORDER BY ${order}, id ASC
    LIMIT ${q.limit}::int OFFSET ${(q.page - 1) * q.limit}::int`);
  const rows = result.rows;
  let total = rows[0]?.total ?? 0;
  if (rows.length === 0 && q.page > 1) {
    // Past the last page no row carries the window count.
    const count = await db.execute<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM (
        SELECT ${distance} AS distance_km, ${q.min_available !== undefined ? available : sql`NULL`} AS available_slots
        FROM parking_spots p WHERE ${sql.join(where, sql` AND `)}) s
      ${outer.length > 0 ? sql`WHERE ${sql.join(outer, sql` AND `)}` : sql``}`);
    total = count.rows[0]?.n ?? 0;
  }
  return { items: rows.map(fromRaw), total };
}
