// Queries of the live event log (table live_events). Events are written in the transaction of the
// change they describe, and NOTIFY fires on commit, so a rolled-back change is never announced.
import { sql } from 'drizzle-orm';
import type { LiveEvent } from '../../src/shared/api/live';
import type { Executor } from '../db/types';

export const LIVE_CHANNEL = 'parkpass_live';

/** NOTIFY payloads are capped at 8000 bytes; bigger events travel by id and are read back. */
const INLINE_LIMIT = 7000;

interface EventRow {
  id: string;
  topic: string;
  kind: string;
  payload: unknown;
  at: string | Date;
}

const toEvent = (r: EventRow): LiveEvent => ({
  id: r.id,
  topic: r.topic,
  kind: r.kind,
  data: r.payload,
  at: new Date(r.at).toISOString(),
});

// Ids leave as text (bigint is not safe as a JS number); sort by the column, never by this text alias.
const COLUMNS = sql.raw(`id::text AS id, topic, kind, payload, created_at AS at`);
const rowsOf = (r: { rows: unknown[] }): EventRow[] => r.rows as EventRow[];

/**
 * Appends an event and announces it. The advisory lock is held to the end of the surrounding
 * transaction, so ids become visible in id order: a client resuming "after id N" can never miss an
 * event with a smaller id that committed later. Call it last in a transaction to keep that lock short.
 */
export async function appendEvent(q: Executor, topic: string, kind: string, data: unknown): Promise<LiveEvent> {
  const channel = sql.raw(`'${LIVE_CHANNEL}'`);
  const result = await q.execute(sql`
    WITH lock AS (SELECT pg_advisory_xact_lock(hashtext(${channel}))),
         e AS (INSERT INTO live_events (topic, kind, payload) SELECT ${topic}, ${kind}, ${JSON.stringify(data ?? null)}::jsonb FROM lock
               RETURNING id, topic, kind, payload, created_at)
    SELECT ${COLUMNS},
           pg_notify(${channel}, CASE WHEN octet_length(payload::text) < ${sql.raw(String(INLINE_LIMIT))}
             THEN json_build_object('id', id::text, 'topic', topic, 'kind', kind, 'payload', payload, 'at', created_at)::text
             ELSE json_build_object('id', id::text)::text END) AS notified
    FROM e`);
  return toEvent(rowsOf(result)[0]!);
}

/** Events on `topics` after `afterId`, oldest first, at most `limit`. */
export async function eventsAfter(q: Executor, afterId: string, topics: readonly string[] | null, limit: number): Promise<LiveEvent[]> {
  if (topics && topics.length === 0) return [];
  const onTopics = topics ? sql`AND topic IN ${[...topics]}` : sql``;
  const result = await q.execute(sql`SELECT ${COLUMNS} FROM live_events WHERE id > ${afterId}::bigint ${onTopics} ORDER BY live_events.id LIMIT ${limit}`);
  return rowsOf(result).map(toEvent);
}

export async function eventById(q: Executor, id: string): Promise<LiveEvent | null> {
  const row = rowsOf(await q.execute(sql`SELECT ${COLUMNS} FROM live_events WHERE id = ${id}::bigint`))[0];
  return row ? toEvent(row) : null;
}

/** The newest id ("0" for an empty log) and the oldest still kept (null for an empty log). */
export async function logBounds(q: Executor): Promise<{ newest: string; oldest: string | null }> {
  const result = await q.execute(sql`SELECT coalesce(max(id), 0)::text AS newest, min(id)::text AS oldest FROM live_events`);
  return result.rows[0] as { newest: string; oldest: string | null };
}

/** Drops events older than `before`; clients further behind than that are told to reload. */
export async function pruneEvents(q: Executor, before: Date): Promise<number> {
  const result = await q.execute(sql`WITH d AS (DELETE FROM live_events WHERE created_at < ${before.toISOString()}::timestamptz RETURNING 1) SELECT count(*)::int AS n FROM d`);
  return (result.rows[0] as { n: number }).n;
}
