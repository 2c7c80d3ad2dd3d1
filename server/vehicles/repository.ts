import { and, asc, count, desc, eq, ne, sql } from 'drizzle-orm';
import { bookings, vehicles } from '../../db/central/schema';
import type { Executor } from '../db';

export type VehicleRow = typeof vehicles.$inferSelect;

export async function listVehicles(db: Executor, userId: string, limit: number, offset: number) {
  const where = eq(vehicles.userId, userId);
  const [items, [total]] = await Promise.all([
    db.select().from(vehicles).where(where).orderBy(desc(vehicles.isDefault), asc(vehicles.createdAt), asc(vehicles.id)).limit(limit).offset(offset),
    db.select({ n: count() }).from(vehicles).where(where),
  ]);
  return { items, total: total?.n ?? 0 };
}

export async function countVehicles(db: Executor, userId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(vehicles).where(eq(vehicles.userId, userId));
  return row?.n ?? 0;
}

export async function findVehicle(db: Executor, id: string) {
  return (await db.query.vehicles.findFirst({ where: eq(vehicles.id, id) })) ?? null;
}

export async function clearDefault(db: Executor, userId: string, exceptId?: string) {
  await db
    .update(vehicles)
    .set({ isDefault: false, updatedAt: sql`now()` })
    .where(and(eq(vehicles.userId, userId), eq(vehicles.isDefault, true), exceptId ? ne(vehicles.id, exceptId) : undefined));
}

export async function insertVehicle(db: Executor, v: typeof vehicles.$inferInsert) {
  const [row] = await db.insert(vehicles).values(v).returning();
  return row!;
}

export async function updateVehicle(db: Executor, id: string, patch: Partial<typeof vehicles.$inferInsert>) {
  const [row] = await db.update(vehicles).set({ ...patch, updatedAt: sql`now()` }).where(eq(vehicles.id, id)).returning();
  return row!;
}

export async function hasBookings(db: Executor, vehicleId: string): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(bookings).where(eq(bookings.vehicleId, vehicleId));
  return (row?.n ?? 0) > 0;
}

export async function deleteVehicle(db: Executor, id: string) {
  await db.delete(vehicles).where(eq(vehicles.id, id));
}

/** After the default vehicle is deleted, the oldest remaining one becomes the default. */
export async function promoteOldest(db: Executor, userId: string) {
  const [first] = await db.select().from(vehicles).where(eq(vehicles.userId, userId)).orderBy(asc(vehicles.createdAt)).limit(1);
  if (first) await db.update(vehicles).set({ isDefault: true }).where(eq(vehicles.id, first.id));
}
