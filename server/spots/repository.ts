import { and, asc, count, desc, eq, gt, inArray, lt, max, sql, type SQL } from 'drizzle-orm';
import {
  amenities,
  availabilityBlocks,
  bays,
  bookings,
  parkingSpotAmenities,
  parkingSpotImages,
  parkingSpots,
} from '../../db/central/schema';
import type { Executor } from '../db';
import { Statement } from '../db/prepared';
import { tableRows } from '../db/rows';
import type { Hold } from './capacity';
import { bookingHoldEnd, overstayRows } from './overstays';
import { walkinHolds } from './walkins';

export type LotRow = typeof parkingSpots.$inferSelect;
export type LotInsert = typeof parkingSpots.$inferInsert;

/** Reads a lot and locks its row until the transaction ends: every capacity decision for a lot goes through this. */
export async function lockLot(tx: Executor, id: string): Promise<LotRow | null> {
  const [row] = await tx.select().from(parkingSpots).where(eq(parkingSpots.id, id)).for('update');
  return row ?? null;
}

export async function findLot(db: Executor, id: string): Promise<LotRow | null> {
  return (await db.query.parkingSpots.findFirst({ where: eq(parkingSpots.id, id) })) ?? null;
}

export async function insertLot(tx: Executor, lot: LotInsert): Promise<LotRow> {
  const [row] = await tx.insert(parkingSpots).values(lot).returning();
  return row!;
}

export async function updateLot(tx: Executor, id: string, patch: Partial<LotInsert>): Promise<LotRow> {
  const [row] = await tx.update(parkingSpots).set({ ...patch, updatedAt: sql`now()` }).where(eq(parkingSpots.id, id)).returning();
  return row!;
}

export async function deleteLot(tx: Executor, id: string) {
  await tx.delete(parkingSpots).where(eq(parkingSpots.id, id));
}

export async function listBays(db: Executor, lotId: string) {
  return db.select().from(bays).where(eq(bays.lotId, lotId)).orderBy(asc(bays.indexNumber));
}

export async function addBays(tx: Executor, lotId: string, howMany: number) {
  const [top] = await tx.select({ m: max(bays.indexNumber) }).from(bays).where(eq(bays.lotId, lotId));
  const first = (top?.m ?? 0) + 1;
  const rows = Array.from({ length: howMany }, (_, i) => ({ lotId, indexNumber: first + i }));
  for (let i = 0; i < rows.length; i += 1000) await tx.insert(bays).values(rows.slice(i, i + 1000));
}

/** Removes `howMany` available bays, highest numbers first; returns how many could be removed. */
export async function removeAvailableBays(tx: Executor, lotId: string, howMany: number): Promise<number> {
  const victims = await tx
    .select({ id: bays.id })
    .from(bays)
    .where(and(eq(bays.lotId, lotId), eq(bays.status, 'available')))
    .orderBy(desc(bays.blocked), desc(bays.indexNumber))
    .limit(howMany);
  if (victims.length < howMany) return victims.length;
  await tx.delete(bays).where(inArray(bays.id, victims.map((v) => v.id)));
  return howMany;
}

export async function findBay(db: Executor, lotId: string, bayId: string) {
  return (await db.query.bays.findFirst({ where: and(eq(bays.id, bayId), eq(bays.lotId, lotId)) })) ?? null;
}

export async function setBayBlocked(tx: Executor, bayId: string, blocked: boolean, reason: string | null) {
  const [row] = await tx
    .update(bays)
    .set({ blocked, blockedReason: blocked ? reason : null, updatedAt: sql`now()` })
    .where(eq(bays.id, bayId))
    .returning();
  return row!;
}

/**
 * Rewrites the lot's bay counts from its bay rows, in the caller's transaction, so `total_slots` and
 * `available_slots` can never drift from the bays themselves. A walk-in inside sits in a bay marked occupied;
 * one the API could not place (its bay was taken by another booth's car meanwhile, bay_number null) is still
 * parked somewhere, so it takes one of the free ones too.
 */
export async function refreshCounts(tx: Executor, lotId: string): Promise<LotRow> {
  const [row] = await tx
    .update(parkingSpots)
    .set({
      totalSlots: sql`(SELECT count(*) FROM ${bays} WHERE ${bays.lotId} = ${lotId})::int`,
      availableSlots: sql`greatest((SELECT count(*) FROM ${bays} WHERE ${bays.lotId} = ${lotId} AND ${bays.status} = 'available' AND NOT ${bays.blocked})
        - (SELECT count(*) FROM booth_walkins w WHERE w.lot_id = ${lotId} AND w.status = 'active' AND w.bay_number IS NULL), 0)::int`,
      updatedAt: sql`now()`,
    })
    .where(eq(parkingSpots.id, lotId))
    .returning();
  return row!;
}

/** Bays that can be booked: all but the blocked ones. */
export async function bookableBays(db: Executor, lotId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(bays).where(and(eq(bays.lotId, lotId), eq(bays.blocked, false)));
  return row?.n ?? 0;
}

/**
 * What holds bays in [from, to): non-cancelled, non-completed bookings (a pending one only until its no-show
 * deadline passes, unless it is still in the future; a car inside past its end a while longer, overstays.ts),
 * availability blocks and walk-ins inside (walkins.ts).
 * `exceptBooking` leaves one out (an extension re-checks its own booking's new window).
 */
export async function holdsIn(db: Executor, lot: LotRow, from: Date, to: Date, exceptBooking?: string): Promise<Hold[]> {
  const noShow = sql`${bookings.startTime} + make_interval(mins => ${lot.noShowMinutes}::int) > now()`;
  const live: SQL = sql`(${bookings.status} = 'active' OR (${bookings.status} = 'pending' AND ${noShow}))`;
  const rows = await db
    .select({ start: bookings.startTime, end: sql<Date>`${bookingHoldEnd('bookings')}`.mapWith(bookings.endTime) })
    .from(bookings)
    .where(
      and(
        eq(bookings.spotId, lot.id),
        live,
        lt(bookings.startTime, to),
        gt(bookings.endTime, from),
        exceptBooking ? sql`${bookings.id} <> ${exceptBooking}` : undefined,
      ),
    );
  const blocks = await db
    .select({ start: availabilityBlocks.startTime, end: availabilityBlocks.endTime, weight: availabilityBlocks.slotsAffected })
    .from(availabilityBlocks)
    .where(
      and(eq(availabilityBlocks.spotId, lot.id), lt(availabilityBlocks.startTime, to), gt(availabilityBlocks.endTime, from)),
    );
  return [
    ...rows.map((r) => ({ start: r.start.getTime(), end: r.end.getTime(), weight: 1 })),
    ...blocks.map((b) => ({ start: b.start.getTime(), end: b.end.getTime(), weight: b.weight })),
    ...(await walkinHolds(db, lot.id, from, to)),
    ...(await overstayHolds(db, lot.id, from, to, exceptBooking)),
  ];
}

async function overstayHolds(db: Executor, lotId: string, from: Date, to: Date, except?: string): Promise<Hold[]> {
  const result = await db.execute<{ s: string; e: string }>(
    sql`SELECT o.s::text AS s, o.e::text AS e FROM (${overstayRows(lotId, from.toISOString(), to.toISOString(), except)}) o`,
  );
  return result.rows.map((r) => ({ start: Date.parse(r.s), end: Date.parse(r.e), weight: 1 }));
}

export async function latestBookingEnd(db: Executor, lotId: string): Promise<Date | null> {
  const [row] = await db
    .select({ m: max(bookings.endTime) })
    .from(bookings)
    .where(and(eq(bookings.spotId, lotId), inArray(bookings.status, ['pending', 'active'])));
  return row?.m ?? null;
}

/**
 * A lot's stays: its bookings and the walk-ins its booths let in (with their payments). `live`: only those
 * pending or inside now.
 */
export async function countStays(db: Executor, lotId: string, live: boolean): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(bookings)
    .where(and(eq(bookings.spotId, lotId), live ? inArray(bookings.status, ['pending', 'active']) : undefined));
  const walkins = await db.execute<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM booth_walkins WHERE lot_id = ${lotId}${live ? sql` AND status = 'active'` : sql``}`,
  );
  return (row?.n ?? 0) + (walkins.rows[0]?.n ?? 0);
}

export async function listAmenities(db: Executor) {
  return db.select().from(amenities).orderBy(asc(amenities.name));
}

export async function amenitiesOf(db: Executor, lotId: string) {
  return db
    .select({ id: amenities.id, name: amenities.name, icon: amenities.icon, description: amenities.description })
    .from(parkingSpotAmenities)
    .innerJoin(amenities, eq(amenities.id, parkingSpotAmenities.amenityId))
    .where(eq(parkingSpotAmenities.spotId, lotId))
    .orderBy(asc(amenities.name));
}

export async function existingAmenityIds(db: Executor, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  return (await db.select({ id: amenities.id }).from(amenities).where(inArray(amenities.id, ids))).map((r) => r.id);
}

export async function replaceAmenities(tx: Executor, lotId: string, ids: string[]) {
  await tx.delete(parkingSpotAmenities).where(eq(parkingSpotAmenities.spotId, lotId));
  if (ids.length > 0) await tx.insert(parkingSpotAmenities).values(ids.map((amenityId) => ({ spotId: lotId, amenityId })));
}

export async function imagesOf(db: Executor, lotId: string) {
  return db.select().from(parkingSpotImages).where(eq(parkingSpotImages.spotId, lotId)).orderBy(asc(parkingSpotImages.displayOrder));
}

export async function replaceImages(tx: Executor, lotId: string, urls: string[]) {
  await tx.delete(parkingSpotImages).where(eq(parkingSpotImages.spotId, lotId));
  if (urls.length > 0) {
    await tx.insert(parkingSpotImages).values(urls.map((imageUrl, displayOrder) => ({ spotId: lotId, imageUrl, displayOrder })));
  }
}

export async function listByOwner(db: Executor, ownerId: string, includeInactive: boolean, limit: number, offset: number) {
  const where = and(eq(parkingSpots.ownerId, ownerId), includeInactive ? undefined : eq(parkingSpots.isActive, true));
  const [items, [total]] = await Promise.all([
    db.select().from(parkingSpots).where(where).orderBy(asc(parkingSpots.createdAt), asc(parkingSpots.id)).limit(limit).offset(offset),
    db.select({ n: count() }).from(parkingSpots).where(where),
  ]);
  return { items, total: total?.n ?? 0 };
}

/** lockLot, plus how many of its bays can be booked (not blocked), in one round trip. */
export async function lockLotForBooking(tx: Executor, id: string): Promise<{ lot: LotRow; bookable: number } | null> {
  const [row] = (await lockForBookingStatement.run(tx, { id })).rows;
  return row ? { lot: lotRows.row(row), bookable: row.bookable } : null;
}

// A prepared statement (every booking runs it), so the lot's columns come from tableRows.
const lotRows = tableRows(parkingSpots);
const lockForBookingStatement = new Statement<Record<string, unknown> & { bookable: number }>(() => {
  const id = sql.placeholder('id');
  return sql`SELECT ${lotRows.select('p')}, (SELECT count(*) FROM bays b WHERE b.lot_id = ${id} AND NOT b.blocked)::int AS bookable
    FROM parking_spots p WHERE p.id = ${id} FOR UPDATE OF p`;
});
