import { and, asc, count, desc, eq, gt, inArray, lt, ne, sql, type SQL } from 'drizzle-orm';
import { bays, bookings } from '../../db/central/schema';
import type { Executor } from '../db';

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

export async function updateBooking(tx: Executor, id: string, patch: Partial<BookingInsert>): Promise<BookingRow> {
  const [row] = await tx.update(bookings).set({ ...patch, updatedAt: sql`now()` }).where(eq(bookings.id, id)).returning();
  return row!;
}

/** Whether the vehicle already has a pending or active booking overlapping [from, to). */
export async function vehicleBusy(db: Executor, vehicleId: string, from: Date, to: Date, except?: string): Promise<boolean> {
  const [row] = await db
    .select({ n: count() })
    .from(bookings)
    .where(
      and(
        eq(bookings.vehicleId, vehicleId),
        inArray(bookings.status, ['pending', 'active']),
        lt(bookings.startTime, to),
        gt(bookings.endTime, from),
        except ? ne(bookings.id, except) : undefined,
      ),
    );
  return (row?.n ?? 0) > 0;
}

/** PINs of the lot's non-cancelled bookings whose windows overlap [from, to). */
export async function pinsInUse(db: Executor, lotId: string, from: Date, to: Date, except?: string): Promise<Set<string>> {
  const rows = await db
    .select({ pin: bookings.pin })
    .from(bookings)
    .where(
      and(
        eq(bookings.spotId, lotId),
        ne(bookings.status, 'cancelled'),
        lt(bookings.startTime, to),
        gt(bookings.endTime, from),
        except ? ne(bookings.id, except) : undefined,
      ),
    );
  return new Set(rows.map((r) => r.pin));
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
