/** Lot commands from booths (bay blocks, bay count), conflict resolutions, and plain booth events. */
import { and, eq, isNull } from 'drizzle-orm';
import { boothEvents, syncConflicts } from '../../db/central/schema';
import type { Command } from '../../src/shared/sync/protocol';
import type { Executor } from '../db';
import { ApiError } from '../errors';
import { findLot, refreshCounts, setBayBlocked } from '../spots/repository';
import { updateLot } from '../spots/service';
import type { Origin } from './apply-booking';
import { bayByNumber } from './bays';
import { appendChange } from './feed';
import { syncConflict, syncLot } from './mappers';
import { applied, reject, type Outcome } from './outcome';

type Of<T extends Command['type']> = Extract<Command, { type: T }>;
export interface LotOrigin extends Origin {
  ownerId: string;
}

export async function applyBayBlock(tx: Executor, c: Of<'bay.block'> | Of<'bay.unblock'>): Promise<Outcome> {
  const bay = await bayByNumber(tx, c.lot_id, c.bay_number);
  if (!bay) throw reject('unknown_bay', `the lot has no bay ${c.bay_number}`);
  const blocked = c.type === 'bay.block';
  const row = await setBayBlocked(tx, bay.id, blocked, blocked ? c.reason : null);
  await refreshCounts(tx, c.lot_id);
  await appendChange(tx, c.lot_id, 'bay', { number: row.indexNumber, status: row.status, blocked_reason: row.blocked ? (row.blockedReason ?? '') : null });
  return applied();
}

/** The same rules as the owner's own lot update (only available bays go), acting as the booth's owner. */
export async function applyBayCount(tx: Executor, origin: LotOrigin, c: Of<'lot.set_bay_count'>): Promise<Outcome> {
  try {
    await updateLot(tx, { id: origin.ownerId, user_type: 'owner' }, c.lot_id, { total_slots: c.total_bays });
  } catch (err) {
    if (err instanceof ApiError) throw reject(err.code, err.message);
    throw err;
  }
  const lot = await findLot(tx, c.lot_id);
  await appendChange(tx, c.lot_id, 'lot', syncLot(lot!));
  return applied();
}

export async function applyResolve(tx: Executor, c: Of<'conflict.resolve'>): Promise<Outcome> {
  const [row] = await tx
    .update(syncConflicts)
    .set({ resolvedAt: new Date(c.at), resolution: c.resolution })
    .where(and(eq(syncConflicts.id, c.conflict_id), eq(syncConflicts.lotId, c.lot_id), isNull(syncConflicts.resolvedAt)))
    .returning();
  if (!row) throw reject('unknown_conflict', 'no such open conflict at this lot');
  await appendChange(tx, c.lot_id, 'conflict', syncConflict(row));
  return applied();
}

export async function applyEvent(tx: Executor, origin: Origin, c: Of<'booth.event'>): Promise<Outcome> {
  await tx.insert(boothEvents).values({ id: c.id, deviceId: origin.deviceId, lotId: c.lot_id, kind: c.kind, detail: { ...c.detail, actor: c.actor }, at: new Date(c.at) });
  return applied();
}

