/**
 * Pull: each of the device's lots from its cursor, in pages. A lot with no cursor (a new booth), one below the
 * pruned part of the feed, or ahead of the head (the API's database was restored) gets a snapshot instead, read
 * with the head in one REPEATABLE READ transaction so the snapshot and its cursor describe the same moment.
 */
import { and, eq, gt, inArray, isNull, or } from 'drizzle-orm';
import { bays, boothWalkins, bookings, parkingSpots, syncConflicts } from '../../db/central/schema';
import type { Change, Cursors, PullResponse } from '../../src/shared/sync/protocol';
import type { Executor } from '../db';
import { changesAfter, lotHeads } from './feed';
import { syncBooking, syncConflict, syncLot, syncWalkin } from './mappers';

type Snapshot = PullResponse['snapshots'][number];
/** Finished bookings older than this are history, not needed at a gate. */
const SNAPSHOT_HISTORY_MS = 24 * 60 * 60_000;

/** No cursor yet (a new booth, a lot just added to it), one the feed no longer reaches, or one from the future. */
export function needsSnapshot(cursor: number | undefined, head: { seq: number; prunedThrough: number }): boolean {
  return cursor === undefined || cursor < head.prunedThrough || cursor > head.seq;
}

async function snapshot(db: Executor, lotId: string): Promise<{ snap: Snapshot; seq: number } | null> {
  return db.transaction(
    async (tx) => {
      const [lot] = await tx.select().from(parkingSpots).where(eq(parkingSpots.id, lotId));
      if (!lot) return null;
      const seq = (await lotHeads(tx, [lotId])).get(lotId)!.seq;
      const bayRows = await tx.select().from(bays).where(eq(bays.lotId, lotId));
      const number = new Map(bayRows.map((b) => [b.id, b.indexNumber]));
      const since = new Date(Date.now() - SNAPSHOT_HISTORY_MS);
      const live = or(inArray(bookings.status, ['pending', 'active']), gt(bookings.updatedAt, since));
      const bookingRows = await tx.select().from(bookings).where(and(eq(bookings.spotId, lotId), live));
      const walkins = await tx
        .select()
        .from(boothWalkins)
        .where(and(eq(boothWalkins.lotId, lotId), or(eq(boothWalkins.status, 'active'), gt(boothWalkins.updatedAt, since))));
      const conflicts = await tx.select().from(syncConflicts).where(and(eq(syncConflicts.lotId, lotId), isNull(syncConflicts.resolvedAt)));
      return {
        seq,
        snap: {
          lot: syncLot(lot),
          bays: bayRows.map((b) => ({ number: b.indexNumber, status: b.status, blocked_reason: b.blocked ? (b.blockedReason ?? '') : null })),
          bookings: [...bookingRows.map((b) => syncBooking(b, b.bayId ? (number.get(b.bayId) ?? null) : null)), ...walkins.map(syncWalkin)],
          conflicts: conflicts.map(syncConflict),
        },
      };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

/** A page whose changes are still JSON text (one comma-separated run per lot): what the route sends. */
export type RawPull = Omit<PullResponse, 'leases' | 'changes'> & { changes: string[] };

export async function pullRaw(db: Executor, lotIds: readonly string[], cursors: Cursors, limit: number): Promise<RawPull> {
  const heads = await lotHeads(db, lotIds);
  const out: RawPull = { changes: [], cursors: {}, snapshots: [], more: false, server_time: Date.now() };
  let budget = limit;
  for (const lotId of lotIds) {
    let cursor = cursors[lotId];
    if (needsSnapshot(cursor, heads.get(lotId)!)) {
      const s = await snapshot(db, lotId);
      if (!s) continue;
      out.snapshots.push(s.snap);
      cursor = s.seq;
    }
    cursor ??= 0;
    // Every seq up to the head read above has committed (the head moves in the appending transaction).
    const upto = Math.min(heads.get(lotId)!.seq, cursor + budget);
    if (upto > cursor) {
      const page = await changesAfter(db, lotId, cursor, upto);
      if (page.count > 0) out.changes.push(page.json);
      budget -= upto - cursor;
      cursor = upto;
    }
    out.cursors[lotId] = cursor;
    if (cursor < heads.get(lotId)!.seq) out.more = true;
  }
  return out;
}

/** The response body, with the changes spliced in as the JSON text they already are. */
export function pullBody(page: RawPull, leases: PullResponse['leases']): string {
  const rest = JSON.stringify({ ...page, changes: [], leases });
  return `{"changes":[${page.changes.join(',')}],${rest.slice('{"changes":[],'.length)}`;
}

export async function pull(db: Executor, lotIds: readonly string[], cursors: Cursors, limit: number): Promise<Omit<PullResponse, 'leases'>> {
  const raw = await pullRaw(db, lotIds, cursors, limit);
  return { ...raw, changes: raw.changes.flatMap((run) => JSON.parse(`[${run}]`) as Change[]) };
}
