import { and, asc, count, desc, eq, ne, sql, type SQL } from 'drizzle-orm';
import { availabilityBlocks, bays, bookings, vehicles } from '../../db/central/schema';
import type { Executor } from '../db';
import type { Hold } from '../spots/capacity';
import { bookingHoldEnd, overstayRows } from '../spots/overstays';
import { walkinHoldRows } from '../spots/walkins';
import { type Fragment, Statement } from '../db/prepared';
import { tableRows } from '../db/rows';
import { FEED_CHANNEL, feedAppendCtes, feedItems } from '../sync/feed';
import { syncBooking } from '../sync/mappers';

export type BookingRow = typeof bookings.$inferSelect;
export type BookingInsert = typeof bookings.$inferInsert;

export async function findBooking(db: Executor, id: string, lock = false): Promise<BookingRow | null> {
  const q = db.select().from(bookings).where(eq(bookings.id, id));
  const [row] = lock ? await q.for('update') : await q;
  return row ?? null;
}

export async function insertBooking(tx: Executor, b: BookingInsert): Promise<BookingRow> {
  const [row] = await tx.insert(bookings).values(b).returning();
  return row!;
}

/** What a customer's new booking sets; every other column takes its default. */
export type NewBooking = Required<Pick<BookingInsert, (typeof NEW_BOOKING_KEYS)[number]>>;
const NEW_BOOKING_KEYS = ['id', 'spotId', 'userId', 'vehicleId', 'startTime', 'endTime', 'totalCost', 'status', 'qrCode', 'pin', 'vehicleNumber', 'vehicleModel', 'remarks'] as const;
const bookingRows = tableRows(bookings);

// Every booking made through the API runs this: a prepared statement, its columns from the schema. The
// booking's entry in its lot's sync feed goes in with it, and the caller's fragment (its notification).
function buildInsertNew(notify: boolean, fragment: SQL | null): SQL {
  const columns = bookingRows.names(NEW_BOOKING_KEYS);
  const values = sql.join(
    NEW_BOOKING_KEYS.map((key) => sql.placeholder(key)),
    sql`, `,
  );
  return sql`WITH b AS (INSERT INTO bookings (${columns}) VALUES (${values}) RETURNING ${bookingRows.select()}),
    ${feedAppendCtes(sql`${sql.placeholder('spotId')}`, sql`1`, sql`${sql.placeholder('feed')}`)}${fragment ? sql`, ${fragment}` : sql``}
    SELECT ${bookingRows.select('b')}${notify ? sql`, pg_notify(${FEED_CHANNEL}, b.spot_id::text)` : sql``} FROM b, (SELECT count(*) FROM feed_change) f`;
}
/** One statement per notify flag and fragment key (a fragment's key stands for its CTEs). */
const insertNewStatements = new Map<string, Statement<Record<string, unknown>>>();

/** The row a new booking will be once inserted: these values, the table's defaults for the rest. */
export function newBookingRow(b: NewBooking): BookingRow {
  const now = new Date();
  return {
    ...b,
    bayId: null,
    paymentIntentId: null,
    paymentStatus: 'pending',
    checkInTime: null,
    checkOutTime: null,
    parkingCost: null,
    refundAmount: null,
    cancelledAt: null,
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * insertBooking for a new customer booking, with its sync feed entry (see sync/feed bookingChanged) and
 * `fragment` (writes that go with it), in one prepared statement. The feed entry is made from newBookingRow.
 * `notify`: wake the feed's readers at commit (see sync/feed appendChanges).
 */
export async function insertNewBooking(tx: Executor, b: NewBooking, notify: boolean, fragment: Fragment | null = null): Promise<BookingRow> {
  const variant = `${notify}|${fragment?.key ?? ''}`;
  let statement = insertNewStatements.get(variant);
  if (!statement) insertNewStatements.set(variant, (statement = new Statement(() => buildInsertNew(notify, fragment?.ctes ?? null))));
  const feed = feedItems([{ entity: 'booking', data: syncBooking(newBookingRow(b), null) }]);
  const [row] = (await statement.run(tx, { ...bookingRows.driverValues(b), feed, ...fragment?.values })).rows;
  return bookingRows.row(row!);
}

export async function updateBooking(tx: Executor, id: string, patch: Partial<BookingInsert>): Promise<BookingRow> {
  const [row] = await tx.update(bookings).set({ ...patch, updatedAt: sql`now()` }).where(eq(bookings.id, id)).returning();
  return row!;
}

/**
 * The booking a PIN typed at this lot most likely means: an active one first (it is inside), else the
 * non-cancelled one whose start is nearest to now.
 */
export async function findByPin(tx: Executor, lotId: string, pin: string): Promise<BookingRow | null> {
  const [row] = await tx
    .select()
    .from(bookings)
    .where(and(eq(bookings.spotId, lotId), eq(bookings.pin, pin), ne(bookings.status, 'cancelled')))
    .orderBy(sql`(${bookings.status} = 'active') DESC`, sql`abs(extract(epoch from (${bookings.startTime} - now())))`)
    .limit(1)
    .for('update');
  return row ?? null;
}

export async function listBookings(db: Executor, filter: { userId?: string; spotId?: string; status?: BookingRow['status'] }, limit: number, offset: number) {
  const conditions: SQL[] = [];
  if (filter.userId) conditions.push(eq(bookings.userId, filter.userId));
  if (filter.spotId) conditions.push(eq(bookings.spotId, filter.spotId));
  if (filter.status) conditions.push(eq(bookings.status, filter.status));
  const where = and(...conditions);
  const [items, [total]] = await Promise.all([
    db.select().from(bookings).where(where).orderBy(desc(bookings.startTime), asc(bookings.id)).limit(limit).offset(offset),
    db.select({ n: count() }).from(bookings).where(where),
  ]);
  return { items, total: total?.n ?? 0 };
}

/** Takes the lowest-numbered free, unblocked bay of the lot (the lot row is already locked by the caller). */
export async function takeFreeBay(tx: Executor, lotId: string) {
  const [bay] = await tx
    .select()
    .from(bays)
    .where(and(eq(bays.lotId, lotId), eq(bays.status, 'available'), eq(bays.blocked, false)))
    .orderBy(asc(bays.indexNumber))
    .limit(1)
    .for('update');
  if (!bay) return null;
  await tx.update(bays).set({ status: 'occupied', updatedAt: sql`now()` }).where(eq(bays.id, bay.id));
  return bay;
}

export async function freeBay(tx: Executor, bayId: string) {
  await tx.update(bays).set({ status: 'available', updatedAt: sql`now()` }).where(eq(bays.id, bayId));
}

export async function bayIndex(db: Executor, bayId: string | null): Promise<number | null> {
  if (!bayId) return null;
  const [row] = await db.select({ n: bays.indexNumber }).from(bays).where(eq(bays.id, bayId));
  return row?.n ?? null;
}

/** The vehicle and whether it already has a live booking overlapping [from, to), in one round trip. */
export async function vehicleForBooking(tx: Executor, vehicleId: string, from: Date, to: Date, except?: string) {
  const [row] = await tx
    .select({
      vehicle: vehicles,
      busy: sql<boolean>`EXISTS (SELECT 1 FROM ${bookings} WHERE ${bookings.vehicleId} = ${vehicleId}
        AND ${bookings.status} IN ('pending', 'active') AND ${bookings.startTime} < ${to.toISOString()}::timestamptz
        AND ${bookings.endTime} > ${from.toISOString()}::timestamptz
        ${except ? sql`AND ${bookings.id} <> ${except}` : sql``})`,
    })
    .from(vehicles)
    .where(eq(vehicles.id, vehicleId));
  return row ?? null;
}

/** What deciding a new booking needs after its lot is locked: `bookingContext` plus its vehicle, one round trip. */
export interface Decision {
  vehicle: { id: string; userId: string; make: string; model: string; licensePlate: string } | null;
  /** The vehicle has a live booking overlapping [from, to) (at any lot). */
  busy: boolean;
  holds: Hold[];
  pins: Set<string>;
}

// Holds and PINs as one JSON array of [start ms, end ms, weight, pin, holds] (see bookingContext); whole
// milliseconds, as Date.parse gives there.
export const decisionStatement = new Statement<{ id: string | null; user_id: string; make: string; model: string; plate: string; busy: boolean; ctx: unknown }>(() => {
  const [vehicle, lot, from, to] = ['vehicle', 'lot', 'from', 'to'].map((name) => sql`${sql.placeholder(name)}`) as [SQL, SQL, SQL, SQL];
  return sql`
    SELECT v.id, v.user_id, v.make, v.model, v.license_plate AS plate,
      EXISTS (SELECT 1 FROM bookings b WHERE b.vehicle_id = ${vehicle} AND b.status IN ('pending', 'active')
        AND b.start_time < ${to}::timestamptz AND b.end_time > ${from}::timestamptz) AS busy,
      (SELECT coalesce(json_agg(json_build_array(floor(extract(epoch FROM c.s) * 1000), floor(extract(epoch FROM c.e) * 1000), c.w, c.pin, c.holds)), '[]')
       FROM (
        SELECT b.start_time AS s, ${bookingHoldEnd('b')} AS e, 1 AS w, b.pin,
          (b.status = 'active' OR (b.status = 'pending' AND b.start_time + make_interval(mins => ${sql.placeholder('noShow')}::int) > now())) AS holds
        FROM bookings b
        WHERE b.spot_id = ${lot} AND b.status <> 'cancelled' AND b.start_time < ${sql.placeholder('pinTo')}::timestamptz AND b.end_time > ${sql.placeholder('pinFrom')}::timestamptz
        UNION ALL
        SELECT o.s, o.e, 1, o.pin, true FROM (${overstayRows(lot, sql`${sql.placeholder('pinFrom')}`, sql`${sql.placeholder('pinTo')}`)}) o
        UNION ALL
        SELECT a.start_time, a.end_time, a.slots_affected, NULL, true
        FROM availability_blocks a
        WHERE a.spot_id = ${lot} AND a.start_time < ${to}::timestamptz AND a.end_time > ${from}::timestamptz
        UNION ALL ${walkinHoldRows(lot, from, to)}
       ) c) AS ctx
    FROM (SELECT 1) one LEFT JOIN vehicles v ON v.id = ${vehicle}`;
});

export async function decisionContext(
  tx: Executor,
  lot: { id: string; noShowMinutes: number },
  vehicleId: string,
  from: Date,
  to: Date,
  pinFrom: Date,
  pinTo: Date,
): Promise<Decision> {
  const [f, t, pf, pt] = [from, to, pinFrom, pinTo].map((d) => d.toISOString());
  const result = await decisionStatement.run(tx, { vehicle: vehicleId, lot: lot.id, noShow: lot.noShowMinutes, from: f, to: t, pinFrom: pf, pinTo: pt });
  const row = result.rows[0]!;
  const raw = (typeof row.ctx === 'string' ? JSON.parse(row.ctx) : row.ctx) as Array<[number | string, number | string, number, string | null, boolean]>;
  const holds: Hold[] = [];
  const pins = new Set<string>();
  for (const [s, e, w, pin, holding] of raw) {
    if (pin !== null) pins.add(pin);
    if (holding) holds.push({ start: Number(s), end: Number(e), weight: Number(w) });
  }
  return {
    vehicle: row.id === null ? null : { id: row.id, userId: row.user_id, make: row.make, model: row.model, licensePlate: row.plate },
    busy: row.busy,
    holds,
    pins,
  };
}

/**
 * Everything a booking decision needs about the rest of the lot, in one round trip: the holds on its bays in
 * [from, to) (live bookings and availability blocks, see spots/repository holdsIn) and the PINs in use by
 * non-cancelled bookings overlapping [pinFrom, pinTo).
 */
export async function bookingContext(
  tx: Executor,
  lot: { id: string; noShowMinutes: number },
  from: Date,
  to: Date,
  pinFrom: Date,
  pinTo: Date,
  except?: string,
): Promise<{ holds: Hold[]; pins: Set<string> }> {
  const result = await tx.execute<{ s: string; e: string; w: number; pin: string | null; holds: boolean }>(sql`
    SELECT ${bookings.startTime}::text AS s, ${bookingHoldEnd('bookings')}::text AS e, 1 AS w, ${bookings.pin} AS pin,
      (${bookings.status} = 'active' OR (${bookings.status} = 'pending'
        AND ${bookings.startTime} + make_interval(mins => ${lot.noShowMinutes}::int) > now())) AS holds
    FROM ${bookings}
    WHERE ${bookings.spotId} = ${lot.id} AND ${bookings.status} <> 'cancelled'
      AND ${bookings.startTime} < ${pinTo.toISOString()}::timestamptz AND ${bookings.endTime} > ${pinFrom.toISOString()}::timestamptz
      ${except ? sql`AND ${bookings.id} <> ${except}` : sql``}
    UNION ALL
    SELECT o.s::text, o.e::text, 1, o.pin, true FROM (${overstayRows(lot.id, pinFrom.toISOString(), pinTo.toISOString(), except)}) o
    UNION ALL
    SELECT ${availabilityBlocks.startTime}::text, ${availabilityBlocks.endTime}::text, ${availabilityBlocks.slotsAffected}, NULL, true
    FROM ${availabilityBlocks}
    WHERE ${availabilityBlocks.spotId} = ${lot.id}
      AND ${availabilityBlocks.startTime} < ${to.toISOString()}::timestamptz AND ${availabilityBlocks.endTime} > ${from.toISOString()}::timestamptz
    UNION ALL ${walkinHoldRows(lot.id, from, to, true)}`);
  const holds: Hold[] = [];
  const pins = new Set<string>();
  for (const r of result.rows) {
    if (r.pin !== null) pins.add(r.pin);
    if (r.holds) holds.push({ start: Date.parse(r.s), end: Date.parse(r.e), weight: Number(r.w) });
  }
  return { holds, pins };
}
