// Live events are written without any lock, so a later event id can commit before an earlier one. Proof, on
// PostgreSQL with two connections holding transactions open, that readers (the hub live, and a client
// resuming with its last event id) still miss nothing and get nothing twice: nothing is delivered past a
// transaction that is still running, and what it wrote comes first once it commits.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../server/db';
import { LiveHub, notificationSourceFor } from '../../server/live/index';
import type { LiveEvent } from '../../src/shared/api/live';
import { postgresAvailable } from '../helpers/pg';
import { createTestDatabase, type TestDatabase } from './pg';

const TOPIC = 'lot:00000000-0000-4000-8000-000000000001';

describe.runIf(postgresAvailable())('live event order with interleaved transactions (PostgreSQL)', () => {
  let db: TestDatabase;
  let database: Database;
  let hub: LiveHub;
  let first: pg.Client;
  let second: pg.Client;

  beforeAll(async () => {
    db = await createTestDatabase('pp2order');
    database = await openDatabase({ url: db.url, poolSize: 4 });
    hub = new LiveHub(database.db, notificationSourceFor(database, { warn: () => undefined }), (err) => {
      throw err;
    });
    await hub.start();
    first = new pg.Client({ connectionString: db.url });
    second = new pg.Client({ connectionString: db.url });
    await Promise.all([first.connect(), second.connect()]);
  });

  afterAll(async () => {
    await Promise.all([first?.end(), second?.end()]);
    await hub?.stop();
    await database?.close();
    await db?.drop();
  });

  /** Writes an event in the client's open transaction, with no NOTIFY (as a booking does before its commit). */
  const write = async (client: pg.Client, n: number): Promise<string> =>
    (await client.query(`INSERT INTO live_events (topic, kind, payload) VALUES ($1, 'test', $2::jsonb) RETURNING id::text AS id`, [TOPIC, JSON.stringify({ n })])).rows[0].id as string;

  const until = async (cond: () => boolean, ms = 5000): Promise<void> => {
    for (const end = Date.now() + ms; !cond() && Date.now() < end; ) await new Promise((r) => setTimeout(r, 10));
  };

  it('delivers nothing past a running transaction, then everything once, in commit-safe order, live and on resume', async () => {
    const live: LiveEvent[] = [];
    const watcher = await hub.subscribe([TOPIC], null, (e) => live.push(e));
    const leaving: LiveEvent[] = [];
    const leaver = await hub.subscribe([TOPIC], null, (e) => leaving.push(e));

    await first.query('BEGIN');
    await second.query('BEGIN');
    const early = await write(first, 1); // the smaller id, in the transaction that commits last
    const late = await write(second, 2);
    expect(BigInt(late)).toBeGreaterThan(BigInt(early));
    await second.query('COMMIT');
    const after = await hub.publish(TOPIC, 'test', { n: 3 }); // committed, with a NOTIFY

    // Both committed events wait behind the running transaction: delivering `late` now would let a client
    // resume "after late" and never see `early`.
    await new Promise((r) => setTimeout(r, 300));
    await hub.drained();
    expect(live).toEqual([]);

    // One client leaves here; its last event id is where it resumes.
    const resumeFrom = leaver.lastEventId;
    leaver.close();

    await first.query('COMMIT'); // no NOTIFY: the hub finds it by itself (it saw events held back)
    await until(() => live.length === 3);
    expect(live.map((e) => e.id)).toEqual([early, late, after.id]);

    const resumed: LiveEvent[] = [];
    const back = await hub.subscribe([TOPIC], resumeFrom, (e) => resumed.push(e));
    expect(resumed.map((e) => e.id)).toEqual([early, late, after.id]);
    const next = await hub.publish(TOPIC, 'test', { n: 4 });
    await until(() => resumed.length === 4 && live.length === 4);
    expect(resumed.map((e) => e.id)).toEqual([early, late, after.id, next.id]);
    expect(live.map((e) => e.id)).toEqual([early, late, after.id, next.id]);
    expect(leaving).toEqual([]);

    // Resuming from the middle: the rest, once.
    const middle: LiveEvent[] = [];
    const fromLate = await hub.subscribe([TOPIC], late, (e) => middle.push(e));
    expect(middle.map((e) => e.id)).toEqual([after.id, next.id]);
    for (const s of [watcher, back, fromLate]) s.close();
  });

  it('never delivers the event of a transaction that rolls back, nor holds the others back after it', async () => {
    const got: LiveEvent[] = [];
    const sub = await hub.subscribe([TOPIC], null, (e) => got.push(e));
    await first.query('BEGIN');
    await write(first, 5);
    const kept = await hub.publish(TOPIC, 'test', { n: 6 });
    await new Promise((r) => setTimeout(r, 200));
    expect(got).toEqual([]);
    await first.query('ROLLBACK');
    await until(() => got.length === 1);
    expect(got.map((e) => e.id)).toEqual([kept.id]);
    sub.close();
  });

  it('stays in order under many concurrent writers, for a client hopping between subscriptions', async () => {
    const all: LiveEvent[] = [];
    const whole = await hub.subscribe([TOPIC], null, (e) => all.push(e));
    const writers = Array.from({ length: 8 }, (_, w) =>
      (async () => {
        for (let i = 0; i < 25; i++) {
          await database.db.transaction(async (tx) => {
            await hub.publish(TOPIC, 'test', { w, i }, tx);
            if (i % 3 === 0) await new Promise((r) => setTimeout(r, 2)); // hold some transactions open a little
          });
        }
      })(),
    );
    const seen: LiveEvent[] = [];
    let last = whole.lastEventId;
    const hopping = (async () => {
      for (let hop = 0; hop < 10; hop++) {
        const part: LiveEvent[] = [];
        const sub = await hub.subscribe([TOPIC], last, (e) => part.push(e));
        await new Promise((r) => setTimeout(r, 20));
        sub.close();
        seen.push(...part);
        last = sub.lastEventId;
      }
    })();
    await Promise.all([...writers, hopping]);
    await until(() => all.length === 200);
    const rest: LiveEvent[] = [];
    const final = await hub.subscribe([TOPIC], last, (e) => rest.push(e));
    final.close();
    whole.close();
    expect(all).toHaveLength(200);
    expect([...seen, ...rest].map((e) => e.id)).toEqual(all.map((e) => e.id));
    // Each writer's own events arrive in the order it wrote them.
    for (let w = 0; w < 8; w++) {
      const mine = all.map((e) => e.data as { w: number; i: number }).filter((d) => d.w === w);
      expect(mine.map((d) => d.i)).toEqual(Array.from({ length: 25 }, (_, i) => i));
    }
  });
});
