// Queries of the live event log (table live_events). Events are written in the transaction of the change
// they describe, with no lock: each row records its writer's transaction id (xid8, a column default).
// Readers take only rows whose transaction is older than every transaction still running
// (pg_snapshot_xmin of their snapshot): all of those have finished, so no row can ever commit later at a
// position below one already read. Positions are (xid, id); a client's event id names its row's position.
// The price: a writing transaction left open anywhere on the server (xids are server-wide) holds delivery
// back until it ends; events are late then, never lost or reordered.
import { sql } from 'drizzle-orm';
import type { LiveEvent } from '../../src/shared/api/live';
import type { Executor } from '../db/types';
import { statements } from '../db/prepared';

/** NOTIFY channel that only says "the log has something new"; readers then read the log from their position. */
export const LIVE_CHANNEL = 'parkpass_live';

export interface Position {
  xid: bigint;
  id: bigint;
}

export const START: Position = { xid: 0n, id: 0n };

export const after = (a: Position, b: Position): boolean => a.xid > b.xid || (a.xid === b.xid && a.id > b.id);

export interface LoggedEvent {
  pos: Position;
  event: LiveEvent;
}

export interface NewEvent {
  topic: string;
  kind: string;
  data: unknown;
}

interface EventRow {
  id: string;
  xid: string;
  topic: string;
  kind: string;
  payload: unknown;
  at: string | Date;
}

const toLogged = (r: EventRow): LoggedEvent => ({
  pos: { xid: BigInt(r.xid), id: BigInt(r.id) },
  event: { id: r.id, topic: r.topic, kind: r.kind, data: r.payload, at: new Date(r.at).toISOString() },
});

/** The rows of `events` as one jsonb array parameter, so any number of events is one INSERT. */
export const eventsJson = (events: readonly NewEvent[]): string =>
  JSON.stringify(events.map((e) => ({ topic: e.topic, kind: e.kind, data: e.data ?? null })));

/**
 * Appends events in order with one statement. `wake`: also NOTIFY in this transaction (delivered at commit).
 * Callers that can announce after their commit (LiveHub.announce) leave it off: a NOTIFY makes PostgreSQL
 * serialise the commits of all notifying transactions, WAL flush included.
 */
export async function appendEvents(q: Executor, events: readonly NewEvent[], wake: boolean): Promise<LiveEvent[]> {
  if (events.length === 0) return [];
  const result = await appendStatement(wake).run(q, { events: eventsJson(events) });
  return result.rows.map((r) => toLogged(r).event);
}

const appendStatement = statements<boolean, EventRow>(
  (wake) => sql`
    WITH e AS (
      INSERT INTO live_events (topic, kind, payload)
      SELECT x.e->>'topic', x.e->>'kind', x.e->'data' FROM jsonb_array_elements(${sql.placeholder('events')}::jsonb) WITH ORDINALITY AS x(e, ord)
      ORDER BY x.ord
      RETURNING id, xid, topic, kind, payload, created_at)
    SELECT id::text AS id, xid::text AS xid, topic, kind, payload, created_at AS at${wake ? sql`, pg_notify(${LIVE_CHANNEL}, '')` : sql``} FROM e ORDER BY e.id`,
);

/** Appends one event and wakes the readers at commit. */
export async function appendEvent(q: Executor, topic: string, kind: string, data: unknown): Promise<LiveEvent> {
  return (await appendEvents(q, [{ topic, kind, data }], true))[0]!;
}

export interface Page {
  events: LoggedEvent[];
  /** The last position readable now on any topic (null: none yet); asked for with `tail`. */
  tail: Position | null;
  tailId: string | null;
  /** Committed events wait above the horizon (a transaction that began earlier still runs): read again soon. */
  held: boolean;
}

/**
 * Readable events after `from` (on `topics`, or all when null), oldest position first, at most `limit`; with
 * `tail`, also where the readable log ends and whether committed events wait behind a running transaction.
 */
export async function readAfter(q: Executor, from: Position, topics: readonly string[] | null, limit: number, tail = false): Promise<Page> {
  if (topics && topics.length === 0 && !tail) return { events: [], tail: null, tailId: null, held: false };
  const onTopics = topics ? sql`AND topic = ANY(ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(topics)}::jsonb)))` : sql``;
  const extra = tail
    ? sql`UNION ALL
      (SELECT 't', id::text, xid::text, NULL, NULL, NULL, NULL FROM live_events, h WHERE xid < h.x ORDER BY xid DESC, id DESC LIMIT 1)
      UNION ALL
      SELECT 'h', NULL, NULL, NULL, NULL, NULL, NULL FROM h WHERE EXISTS (SELECT 1 FROM live_events WHERE xid >= h.x)`
    : sql``;
  const result = await q.execute(sql`
    WITH h AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS x)
    (SELECT 'e' AS k, id::text AS id, xid::text AS xid, topic, kind, payload, created_at AS at FROM live_events, h
     WHERE (xid, id) > (${from.xid.toString()}::xid8, ${from.id.toString()}::bigint) AND xid < h.x ${onTopics}
     ORDER BY xid, id LIMIT ${limit})
    ${extra}`);
  const page: Page = { events: [], tail: null, tailId: null, held: false };
  for (const r of result.rows as unknown as Array<EventRow & { k: string }>) {
    if (r.k === 'e') page.events.push(toLogged(r));
    else if (r.k === 't') [page.tail, page.tailId] = [{ xid: BigInt(r.xid), id: BigInt(r.id) }, r.id];
    else page.held = true;
  }
  page.events.sort((a, b) => (after(a.pos, b.pos) ? 1 : -1));
  return page;
}

/**
 * Where a client that last saw event `id` resumes: that event's position. "0" is the start of a log that
 * was never pruned. Null when the event is no longer kept (pruned, or never existed): the client must reload.
 */
export async function positionOf(q: Executor, id: string): Promise<Position | null> {
  const result = await q.execute(sql`
    SELECT (SELECT xid::text FROM live_events WHERE id = ${id}::bigint) AS xid, (SELECT min(id)::text FROM live_events) AS oldest`);
  const row = result.rows[0] as { xid: string | null; oldest: string | null };
  if (row.xid !== null) return { xid: BigInt(row.xid), id: BigInt(id) };
  if (id === '0' && (row.oldest === null || BigInt(row.oldest) <= 1n)) return START;
  return null;
}

/** Drops events older than `before`; clients further behind than that are told to reload. */
export async function pruneEvents(q: Executor, before: Date): Promise<number> {
  const result = await q.execute(sql`WITH d AS (DELETE FROM live_events WHERE created_at < ${before.toISOString()}::timestamptz RETURNING 1) SELECT count(*)::int AS n FROM d`);
  return (result.rows[0] as { n: number }).n;
}
