// Availability blocks: an owner holds some bays of a lot (or all of it) for a time range — maintenance, an
// event, a reservation outside the app. Booking capacity already subtracts them (server/spots/repository
// holdsIn); creating one is refused when bookings already made would no longer fit (409), decided under the
// lot's row lock like every capacity decision.
import { and, asc, eq, gt } from 'drizzle-orm';
import type { z } from 'zod';
import { availabilityBlocks } from '../../db/central/schema';
import type { AvailabilityBlock, BlockCreate } from '../../src/shared/api/admin';
import type { Actor } from '../auth/tokens';
import type { Executor } from '../db';
import { badRequest, conflict, notFound } from '../errors';
import { peakHolds } from '../spots/capacity';
import { bookableBays, holdsIn } from '../spots/repository';
import { manageableLot } from '../spots/service';

type Row = typeof availabilityBlocks.$inferSelect;
const MAX_BLOCK_MS = 366 * 86_400_000;

export function toBlock(r: Row): z.infer<typeof AvailabilityBlock> {
  return {
    id: r.id,
    spot_id: r.spotId,
    start_time: r.startTime.toISOString(),
    end_time: r.endTime.toISOString(),
    block_type: r.blockType,
    slots_affected: r.slotsAffected,
    reason: r.reason,
    created_by: r.createdBy,
    created_at: r.createdAt.toISOString(),
  };
}

export async function listBlocks(db: Executor, actor: Actor, lotId: string) {
  return db.transaction(async (tx) => {
    await manageableLot(tx, actor, lotId);
    const rows = await tx
      .select()
      .from(availabilityBlocks)
      .where(and(eq(availabilityBlocks.spotId, lotId), gt(availabilityBlocks.endTime, new Date())))
      .orderBy(asc(availabilityBlocks.startTime), asc(availabilityBlocks.id));
    return rows.map(toBlock);
  });
}

export async function createBlock(db: Executor, actor: Actor, lotId: string, input: z.infer<typeof BlockCreate>) {
  return db.transaction(async (tx) => {
    const lot = await manageableLot(tx, actor, lotId);
    if (input.end_time.getTime() - input.start_time.getTime() > MAX_BLOCK_MS) throw badRequest('a block lasts at most a year', 'block_too_long');
    if (input.end_time.getTime() <= Date.now()) throw badRequest('the block ends in the past', 'block_in_past');
    const capacity = await bookableBays(tx, lot.id);
    const slots = input.slots_affected ?? capacity;
    if (slots > capacity) throw badRequest(`the lot has ${capacity} bookable bays`, 'too_many_slots');
    const from = input.start_time.getTime();
    const to = input.end_time.getTime();
    const peak = peakHolds(await holdsIn(tx, lot, input.start_time, input.end_time), from, to);
    if (peak + slots > capacity) {
      throw conflict(`${peak} bays are already held at some time in that range; only ${capacity - peak} can be blocked`, 'would_oversell');
    }
    const [row] = await tx
      .insert(availabilityBlocks)
      .values({ spotId: lot.id, startTime: input.start_time, endTime: input.end_time, blockType: input.block_type, slotsAffected: slots, reason: input.reason ?? null, createdBy: actor.id })
      .returning();
    return toBlock(row!);
  });
}

export async function deleteBlock(db: Executor, actor: Actor, lotId: string, blockId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await manageableLot(tx, actor, lotId);
    const [gone] = await tx.delete(availabilityBlocks).where(and(eq(availabilityBlocks.id, blockId), eq(availabilityBlocks.spotId, lotId))).returning();
    if (!gone) throw notFound('block');
  });
}
