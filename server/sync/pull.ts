/**
 * Pull: each of the device's lots from its cursor, in pages. A lot with no cursor (a new booth), one below the
 * pruned part of the feed, or ahead of the head (the API's database was restored) gets a snapshot instead, read
 * with the head in one REPEATABLE READ transaction so the snapshot and its cursor describe the same moment.
 */
import { and, eq, gt, inArray, isNull, or, sql } from 'drizzle-orm';
import { bays, boothWalkins, bookings, parkingSpots, syncConflicts } from '../../db/central/schema';
import { BOOKING_COLUMNS, type Change, type Cursors, type PullRequest, type PullResponse } from '../../src/shared/sync/protocol';
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

export type PullFormat = NonNullable<PullRequest['format']>;

/**
 * A page whose changes are still JSON text, one run per lot: comma-separated change objects (`objects`), or the
 * lot's `{"lot_id":…,"changes":[…]}` entry of a PullPage (`rows`). What the route sends.
 */
export type RawPull = Omit<PullResponse, 'leases' | 'changes'> & { format: PullFormat; changes: string[] };

/** A booking change's data as its values in BOOKING_COLUMNS order, read straight out of the stored jsonb. */
const BOOKING_ROW = sql.raw(`json_build_array(${BOOKING_COLUMNS.map((c) => `data->'${c}'`).join(', ')})`);

/**
 * Changes of one lot in (cursor, upto] as the `changes` of its PullPage entry (`[seq,"booking",[values…]],…`),
 * written by PostgreSQL like changesAfter (see there for why a key range), so nothing is parsed here.
 */
async function changeRowsAfter(db: Executor, lotId: string, cursor: number, upto: number): Promise<{ json: string; count: number }> {
  const r = await db.execute(sql`
    SELECT coalesce(string_agg(json_build_array(seq, entity, CASE WHEN entity = 'booking' THEN ${BOOKING_ROW} ELSE data::json END)::text, ',' ORDER BY seq), '') AS json,
           count(*)::int AS count
    FROM sync_feed WHERE lot_id = ${lotId} AND seq > ${cursor} AND seq <= ${upto}`);
  return r.rows[0] as { json: string; count: number };
}

export async function pullRaw(db: Executor, lotIds: readonly string[], cursors: Cursors, limit: number, format: PullFormat = 'objects'): Promise<RawPull> {
  const heads = await lotHeads(db, lotIds);
  const out: RawPull = { format, changes: [], cursors: {}, snapshots: [], more: false, server_time: Date.now() };
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
      if (format === 'rows') {
        const page = await changeRowsAfter(db, lotId, cursor, upto);
        if (page.count > 0) out.changes.push(`{"lot_id":${JSON.stringify(lotId)},"changes":[${page.json}]}`);
      } else {
        const page = await changesAfter(db, lotId, cursor, upto);
        if (page.count > 0) out.changes.push(page.json);
      }
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
  const { format, changes, ...fields } = page;
  const rest = JSON.stringify({ ...fields, leases }).slice(1);
  if (format === 'rows') return `{"booking_columns":${JSON.stringify(BOOKING_COLUMNS)},"lots":[${changes.join(',')}],${rest}`;
  return `{"changes":[${changes.join(',')}],${rest}`;
}

export async function pull(db: Executor, lotIds: readonly string[], cursors: Cursors, limit: number): Promise<Omit<PullResponse, 'leases'>> {
  const { format: _objects, ...raw } = await pullRaw(db, lotIds, cursors, limit);
  return { ...raw, changes: raw.changes.flatMap((run) => JSON.parse(`[${run}]`) as Change[]) };
}
