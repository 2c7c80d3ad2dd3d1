/**
 * The per-lot change feed. `appendChange` bumps the lot's head row (INSERT … ON CONFLICT DO UPDATE), which
 * row-locks it until the writing transaction ends: a second writer of the same lot waits there, so a lot's
 * sequence numbers commit strictly in order and a reader that has seen seq n+1 can never later find an n it
 * skipped. Lots do not wait for each other; that is why cursors are per lot.
 *
 * Lock order: the lot row first (FOR UPDATE, the lock every capacity decision takes), then the head. A writer
 * that did not lock the lot itself (a payment webhook) takes it here, so it can never hold the head while
 * waiting for a lot that a booking transaction holds while waiting for the head (a deadlock).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { bookings } from '../../db/central/schema';
import type { Bay, Conflict, SyncBooking, SyncLot } from '../../src/shared/sync/protocol';
import type { Executor } from '../db';
import { syncBooking } from './mappers';
import { statements } from '../db/prepared';

/** NOTIFY channel that tells every API process "this lot's feed moved" (payload: the lot id). */
export const FEED_CHANNEL = 'parkpass_sync';

export type ChangeData = { booking: SyncBooking; lot: SyncLot; bay: Bay; conflict: Conflict };
export type ChangeEntity = keyof ChangeData;

/**
 * Appends changes of one lot, in order, in the caller's transaction, with one statement; returns the last
 * sequence number. Taking n numbers at once keeps the head lock for the rest of the transaction, as above.
 * `notify: false` for a caller that sends the FEED_CHANNEL NOTIFY itself after its commit (the booking
 * routes: a NOTIFY in the transaction makes PostgreSQL serialise the commits of all notifying transactions).
 */
export async function appendChanges(tx: Executor, lotId: string, entries: readonly { entity: ChangeEntity; data: unknown }[], notify = true): Promise<number> {
  const result = await appendStatement(notify).run(tx, { lot: lotId, n: entries.length, items: feedItems(entries) });
  return result.rows[0]!.seq;
}

/**
 * The CTEs `feed_lot`, `feed_head` and `feed_change` that append the JSON array `items` of feed entries
 * (`{entity, data}`) to the feed of `lot`, for a statement to include in its WITH list (appendChanges, or a
 * booking insert that writes its feed entry in the same round trip); `feed_change` returns the new seqs.
 */
export function feedAppendCtes(lot: SQL, n: SQL, items: SQL): SQL {
  return sql`feed_lot AS (SELECT id FROM parking_spots WHERE id = ${lot} FOR UPDATE),
    feed_head AS (
      INSERT INTO sync_lot_heads (lot_id, seq) SELECT id, ${n}::int FROM feed_lot
      ON CONFLICT (lot_id) DO UPDATE SET seq = sync_lot_heads.seq + ${n}::int
      RETURNING seq
    ), feed_change AS (
      INSERT INTO sync_feed (lot_id, seq, entity, data)
      SELECT ${lot}, feed_head.seq - ${n}::int + x.ord, x.item->>'entity', x.item->'data'
      FROM feed_head, jsonb_array_elements(${items}::jsonb) WITH ORDINALITY AS x(item, ord)
      RETURNING seq
    )`;
}

/** The feed entries `{entity, data}` of one lot, as the JSON text feedAppendCtes takes. */
export const feedItems = (entries: readonly { entity: ChangeEntity; data: unknown }[]): string =>
  JSON.stringify(entries.map((e) => ({ entity: e.entity, data: e.data })));

const appendStatement = statements<boolean, { seq: number }>((notify) => {
  const lot = sql`${sql.placeholder('lot')}`;
  return sql`
    WITH ${feedAppendCtes(lot, sql`${sql.placeholder('n')}`, sql`${sql.placeholder('items')}`)}
    SELECT max(seq)::int AS seq${notify ? sql`, pg_notify(${FEED_CHANNEL}, ${lot})` : sql``} FROM feed_change`;
});

/** Appends one change to the lot's feed in the caller's transaction; returns its sequence number. */
export async function appendChange<E extends ChangeEntity>(tx: Executor, lotId: string, entity: E, data: ChangeData[E], notify = true): Promise<number> {
  return appendChanges(tx, lotId, [{ entity, data }], notify);
}

/** The feed entry for a customer booking as it now stands (call after every change to it, same transaction). */
export async function bookingChanged(tx: Executor, row: typeof bookings.$inferSelect, notify = true): Promise<number> {
  let bayNumber: number | null = null;
  if (row.bayId) {
    const r = await tx.execute(sql`SELECT index_number AS n FROM bays WHERE id = ${row.bayId}`);
    bayNumber = (r.rows[0] as { n: number } | undefined)?.n ?? null;
  }
  return appendChange(tx, row.spotId, 'booking', syncBooking(row, bayNumber), notify);
}

export interface LotHead {
  seq: number;
  prunedThrough: number;
}

export async function lotHeads(db: Executor, lotIds: readonly string[]): Promise<Map<string, LotHead>> {
  const heads = new Map<string, LotHead>(lotIds.map((id) => [id, { seq: 0, prunedThrough: 0 }]));
  if (lotIds.length === 0) return heads;
  const r = await db.execute(
    sql`SELECT lot_id, seq::int AS seq, pruned_through::int AS pruned FROM sync_lot_heads WHERE lot_id IN ${[...lotIds]}`,
  );
  for (const row of r.rows as { lot_id: string; seq: number; pruned: number }[]) heads.set(row.lot_id, { seq: row.seq, prunedThrough: row.pruned });
  return heads;
}

/**
 * Changes of one lot in (cursor, upto], oldest first, as one JSON text (`{...},{...}`) that PostgreSQL writes, so a
 * page of thousands goes out without being parsed and re-serialised here; with the count.
 * A lot's sequence numbers have no holes below its head (an append takes the next n numbers in its own
 * transaction, committed or rolled back with the head bump), so a page is a key range of the primary key:
 * PostgreSQL reads those rows only, whatever its statistics say. (`seq > cursor ORDER BY seq LIMIT n` with stale
 * statistics sorted every remaining change of the lot, on disk, for each page of a catch-up.)
 */
export async function changesAfter(db: Executor, lotId: string, cursor: number, upto: number): Promise<{ json: string; count: number }> {
  const r = await db.execute(sql`
    SELECT coalesce(string_agg(json_build_object('seq', seq, 'lot_id', lot_id, 'entity', entity, 'data', data)::text, ',' ORDER BY seq), '') AS json,
           count(*)::int AS count
    FROM sync_feed WHERE lot_id = ${lotId} AND seq > ${cursor} AND seq <= ${upto}`);
  return r.rows[0] as { json: string; count: number };
}

/**
 * Drops entries older than `before`, keeping each lot's newest entry (so a head stays readable), and records
 * how far each lot was pruned: a booth whose cursor is below that gets a snapshot.
 */
export async function pruneFeed(db: Executor, before: Date): Promise<number> {
  return db.transaction(async (tx) => {
    const r = await tx.execute(sql`
      WITH gone AS (
        DELETE FROM sync_feed f USING sync_lot_heads h
        WHERE f.lot_id = h.lot_id AND f.created_at < ${before.toISOString()}::timestamptz AND f.seq < h.seq
        RETURNING f.lot_id, f.seq
      ), upto AS (SELECT lot_id, max(seq) AS seq FROM gone GROUP BY lot_id),
      moved AS (
        UPDATE sync_lot_heads h SET pruned_through = greatest(h.pruned_through, upto.seq) FROM upto WHERE h.lot_id = upto.lot_id RETURNING 1
      )
      SELECT (SELECT count(*) FROM gone)::int AS n, (SELECT count(*) FROM moved)::int AS m`);
    return (r.rows[0] as { n: number }).n;
  });
}
