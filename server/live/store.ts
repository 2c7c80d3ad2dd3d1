// Queries of the live event log (table live_events). Events are written in the transaction of the
// change they describe, and NOTIFY fires on commit, so a rolled-back change is never announced.
import type { LiveEvent } from '../../src/shared/api/live';

/** What both a pg Pool/PoolClient and PGlite offer. */
export interface Queryable {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

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

const COLUMNS = `id::text AS id, topic, kind, payload, created_at AS at`;

/**
 * Appends an event and announces it. The advisory lock is held to the end of the surrounding
 * transaction, so ids become visible in id order: a client resuming "after id N" can never miss an
 * event with a smaller id that committed later. Call it last in a transaction to keep that lock short.
 */
export async function appendEvent(q: Queryable, topic: string, kind: string, data: unknown): Promise<LiveEvent> {
  const { rows } = await q.query(
    `WITH lock AS (SELECT pg_advisory_xact_lock(hashtext('${LIVE_CHANNEL}'))),
          e AS (INSERT INTO live_events (topic, kind, payload) SELECT $1, $2, $3::jsonb FROM lock
                RETURNING id, topic, kind, payload, created_at)
     SELECT ${COLUMNS},
            pg_notify('${LIVE_CHANNEL}', CASE WHEN octet_length(payload::text) < ${INLINE_LIMIT}
              THEN json_build_object('id', id::text, 'topic', topic, 'kind', kind, 'payload', payload, 'at', created_at)::text
              ELSE json_build_object('id', id::text)::text END) AS notified
     FROM e`,
    [topic, kind, JSON.stringify(data ?? null)],
  );
  return toEvent(rows[0] as EventRow);
}

/** Events on `topics` after `afterId`, oldest first, at most `limit`. */
export async function eventsAfter(q: Queryable, afterId: string, topics: readonly string[] | null, limit: number): Promise<LiveEvent[]> {
  const { rows } = topics
    ? await q.query(`SELECT ${COLUMNS} FROM live_events WHERE id > $1::bigint AND topic = ANY($2::text[]) ORDER BY id LIMIT $3`, [afterId, topics, limit])
    : await q.query(`SELECT ${COLUMNS} FROM live_events WHERE id > $1::bigint ORDER BY id LIMIT $2`, [afterId, limit]);
  return (rows as EventRow[]).map(toEvent);
}

export async function eventById(q: Queryable, id: string): Promise<LiveEvent | null> {
  const { rows } = await q.query(`SELECT ${COLUMNS} FROM live_events WHERE id = $1::bigint`, [id]);
  const row = rows[0] as EventRow | undefined;
  return row ? toEvent(row) : null;
}

/** The newest id ("0" for an empty log) and the oldest still kept (null for an empty log). */
export async function logBounds(q: Queryable): Promise<{ newest: string; oldest: string | null }> {
  const { rows } = await q.query(`SELECT coalesce(max(id), 0)::text AS newest, min(id)::text AS oldest FROM live_events`);
  const row = rows[0] as { newest: string; oldest: string | null };
  return row;
}

/** Drops events older than `before`; clients further behind than that are told to reload. */
export async function pruneEvents(q: Queryable, before: Date): Promise<number> {
  const { rows } = await q.query(`WITH d AS (DELETE FROM live_events WHERE created_at < $1 RETURNING 1) SELECT count(*)::int AS n FROM d`, [before]);
  return (rows[0] as { n: number }).n;
}

/** DDL of the log, used by tests until the table joins the central schema's migrations. */
export const LIVE_EVENTS_DDL = `
CREATE TABLE IF NOT EXISTS live_events (
  id bigserial PRIMARY KEY,
  topic varchar(64) NOT NULL,
  kind varchar(40) NOT NULL,
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS idx_live_events_topic_id ON live_events (topic, id);
CREATE INDEX IF NOT EXISTS idx_live_events_created_at ON live_events (created_at);`;
