/** Lot commands from booths (bay blocks, bay count), conflict resolutions, and plain booth events. */
import { and, eq, isNull } from 'drizzle-orm';
import { boothEvents, syncConflicts } from '../../db/central/schema';
import type { Command } from '../../src/shared/sync/protocol';
import { ApiError } from '../errors';
import { setBayBlocked } from '../spots/repository';
import { updateLot } from '../spots/service';
import { bayByNumber } from './bays';
import type { ApplyContext } from './context';
import { syncConflict } from './mappers';
import { applied, reject, type Outcome } from './outcome';

type Of<T extends Command['type']> = Extract<Command, { type: T }>;

export async function applyBayBlock(ctx: ApplyContext, c: Of<'bay.block'> | Of<'bay.unblock'>): Promise<Outcome> {
  await ctx.lot(c.lot_id);
  const bay = await bayByNumber(ctx.tx, c.lot_id, c.bay_number);
  if (!bay) throw reject('unknown_bay', `the lot has no bay ${c.bay_number}`);
  const blocked = c.type === 'bay.block';
  const row = await setBayBlocked(ctx.tx, bay.id, blocked, blocked ? c.reason : null);
  ctx.baysChanged(c.lot_id);
  ctx.feed(c.lot_id, 'bay', { number: row.indexNumber, status: row.status, blocked_reason: row.blocked ? (row.blockedReason ?? '') : null });
  return applied();
}

/**
 * The same rules as the owner's own lot update (only available bays go), acting as the booth's owner; that
 * service appends the 'lot' change itself. It can refuse after writing, so the caller flushes the buffered feed
 * first (keeping the feed in command order) and gives it a savepoint of its own.
 */
export async function applyBayCount(ctx: ApplyContext, c: Of<'lot.set_bay_count'>): Promise<Outcome> {
  try {
    await updateLot(ctx.tx, { id: ctx.ownerId, user_type: 'owner' }, c.lot_id, { total_slots: c.total_bays });
  } catch (err) {
    if (err instanceof ApiError) throw reject(err.code, err.message);
    throw err;
  }
  return applied();
}

export async function applyResolve(ctx: ApplyContext, c: Of<'conflict.resolve'>): Promise<Outcome> {
  const [row] = await ctx.tx
    .update(syncConflicts)
    .set({ resolvedAt: new Date(c.at), resolution: c.resolution })
    .where(and(eq(syncConflicts.id, c.conflict_id), eq(syncConflicts.lotId, c.lot_id), isNull(syncConflicts.resolvedAt)))
    .returning();
  if (!row) throw reject('unknown_conflict', 'no such open conflict at this lot');
  ctx.feed(c.lot_id, 'conflict', syncConflict(row));
  return applied();
}

export async function applyEvent(ctx: ApplyContext, c: Of<'booth.event'>): Promise<Outcome> {
  await ctx.tx.insert(boothEvents).values({ id: c.id, deviceId: ctx.deviceId, lotId: c.lot_id, kind: c.kind, detail: { ...c.detail, actor: c.actor }, at: new Date(c.at) });
  return applied();
}
