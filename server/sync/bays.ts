/** Bay bookkeeping for commands that come from booths (the lot row is already locked by the caller). */
import { and, eq, sql } from 'drizzle-orm';
import { bays } from '../../db/central/schema';
import type { Executor } from '../db';
import { takeFreeBay } from '../bookings/repository';

export type BayRow = typeof bays.$inferSelect;

export async function bayByNumber(tx: Executor, lotId: string, number: number): Promise<BayRow | null> {
  const [row] = await tx.select().from(bays).where(and(eq(bays.lotId, lotId), eq(bays.indexNumber, number))).for('update');
  return row ?? null;
}

/**
 * The bay the booth put the car in if it is still free here, else the lowest free one, else none: the car is
 * inside either way, so a check-in is never refused for want of a bay (leases keep that rare).
 */
export async function occupyBay(tx: Executor, lotId: string, wanted: number | null): Promise<{ id: string; indexNumber: number } | null> {
  if (wanted !== null) {
    const [bay] = await tx
      .update(bays)
      .set({ status: 'occupied', updatedAt: sql`now()` })
      .where(and(eq(bays.lotId, lotId), eq(bays.indexNumber, wanted), eq(bays.status, 'available'), eq(bays.blocked, false)))
      .returning({ id: bays.id, indexNumber: bays.indexNumber });
    if (bay) return bay;
  }
  return takeFreeBay(tx, lotId);
}

export async function vacateBay(tx: Executor, lotId: string, bayId: string | null, number: number | null): Promise<void> {
  if (bayId) await tx.update(bays).set({ status: 'available', updatedAt: sql`now()` }).where(eq(bays.id, bayId));
  else if (number !== null) await tx.update(bays).set({ status: 'available', updatedAt: sql`now()` }).where(and(eq(bays.lotId, lotId), eq(bays.indexNumber, number)));
}
