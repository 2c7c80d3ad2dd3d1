// Live events over real PostgreSQL LISTEN/NOTIFY, real HTTP and real sockets, with two API
// instances (separate pools and listeners) on one database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { appendEvent, lotTopic, userTopic } from '../../server/live/index';
import { createTestDatabase, type TestDatabase } from './pg';
import { postgresAvailable } from '../helpers/pg';
import { startLiveInstance, tokenFor, type LiveInstance } from './live-instance';
import { openSocket, openSse } from './live-clients';

// Real PostgreSQL only (LISTEN/NOTIFY between connections or processes); without DATABASE_URL the
// embedded PGlite cannot play that part.
describe.runIf(postgresAvailable())('live events between API instances on PostgreSQL', () => {
  const ana = { id: randomUUID(), role: 'customer' };
  const bob = { id: randomUUID(), role: 'customer' };
  const lot = randomUUID();

  let db: TestDatabase;
  let a: LiveInstance;
  let b: LiveInstance;
  let anaToken: string;

  beforeAll(async () => {
    db = await createTestDatabase('pp2live');
    // One after the other: the first applies the migrations.
    a = await startLiveInstance(db.url, new Set([lot]));
    b = await startLiveInstance(db.url, new Set([lot]));
    anaToken = await tokenFor(ana);
  });

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await db?.drop();
  });

  const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

  describe('live events across two API instances', () => {
    it('delivers an event published through one instance on the other one’s WebSocket and SSE streams', async () => {
      const ws = await openSocket(b.url);
      ws.send({ type: 'auth', token: anaToken });
      ws.send({ type: 'subscribe', topics: ['user:me', lotTopic(lot)] });
      await ws.inbox.wait((m) => m.type === 'subscribed');
      const sse = await openSse(b.url, `topics=${lotTopic(lot)}`, bearer(anaToken));
      expect(sse.status).toBe(200);
      await sse.frames.wait((f) => f.event === 'subscribed');

      const published = await a.hub.publish(lotTopic(lot), 'availability', { available_slots: 7 });
      const got = await ws.inbox.wait((m) => m.type === 'event');
      expect(got).toMatchObject({ event: { id: published.id, topic: lotTopic(lot), kind: 'availability', data: { available_slots: 7 } } });
      const frame = await sse.frames.wait((f) => f.id === published.id);
      expect(JSON.parse(frame.data)).toMatchObject({ kind: 'availability', data: { available_slots: 7 } });

      await a.hub.publish(userTopic(ana.id), 'notification', { title: 'Booking confirmed' });
      await ws.inbox.wait((m) => m.type === 'event' && m.event.kind === 'notification');
      await ws.close();
      sse.close();
    });

    it('a client reconnecting with its last event id misses nothing, even while both instances publish', async () => {
      const topic = userTopic(ana.id);
      const first = await openSocket(b.url, bearer(anaToken));
      first.send({ type: 'subscribe', topics: ['user:me'] });
      const start = await first.inbox.wait((m) => m.type === 'subscribed');
      let last = start.type === 'subscribed' ? start.last_event_id : '';
      const publishing = (async () => {
        const ids: string[] = [];
        for (let i = 0; i < 40; i++) {
          const via = i % 2 ? a : b;
          const pair = await Promise.all([via.hub.publish(topic, 'booking', { n: i }), via.hub.publish(lotTopic(lot), 'availability', { n: i })]);
          ids.push(pair[0].id);
          // Spread over the hops below (about 40 × 4 ms), so that events keep arriving while the client switches.
          await new Promise((r) => setTimeout(r, 4));
        }
        return ids;
      })();
      const seen: string[] = [];
      let client = first;
      // Hop between the two instances while events keep coming.
      for (let hop = 1; hop <= 6; hop++) {
        await new Promise((r) => setTimeout(r, 15));
        await client.close();
        const got = client.events().map((e) => e.id);
        seen.push(...got);
        last = got.at(-1) ?? last;
        client = await openSocket((hop % 2 ? a : b).url, bearer(anaToken));
        client.send({ type: 'subscribe', topics: ['user:me'], last_event_id: last });
        await client.inbox.wait((m) => m.type === 'subscribed');
      }
      const all = await publishing;
      // Unless an earlier connection already had the last event, this one must bring it.
      if (!seen.includes(all.at(-1)!)) await client.inbox.wait((m) => m.type === 'event' && m.event.id === all.at(-1));
      await client.close();
      seen.push(...client.events().map((e) => e.id));
      expect(seen).toEqual(all);
    });

    it('never announces the event of a rolled-back change', async () => {
      const ws = await openSocket(b.url, bearer(anaToken));
      ws.send({ type: 'subscribe', topics: [lotTopic(lot)] });
      await ws.inbox.wait((m) => m.type === 'subscribed');
      await a.database.db
        .transaction(async (tx) => {
          await appendEvent(tx, lotTopic(lot), 'availability', { ghost: true });
          tx.rollback();
        })
        .catch(() => undefined);
      const real = await a.hub.publish(lotTopic(lot), 'availability', { ghost: false });
      await ws.inbox.wait((m) => m.type === 'event' && m.event.id === real.id);
      expect(ws.events().map((e) => e.data)).toEqual([{ ghost: false }]);
      await ws.close();
    });

    it('keeps delivering after the LISTEN connection is killed, including what was published meanwhile', async () => {
      const ws = await openSocket(b.url, bearer(anaToken));
      ws.send({ type: 'subscribe', topics: [lotTopic(lot)] });
      await ws.inbox.wait((m) => m.type === 'subscribed');
      await a.database.db.execute(sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'parkpass-live' AND datname = ${db.name}`);
      const during = await a.hub.publish(lotTopic(lot), 'availability', { during: true });
      await ws.inbox.wait((m) => m.type === 'event' && m.event.id === during.id, 8000);
      const after = await a.hub.publish(lotTopic(lot), 'availability', { after: true });
      await ws.inbox.wait((m) => m.type === 'event' && m.event.id === after.id, 8000);
      expect(ws.events().map((e) => e.id)).toEqual([during.id, after.id]);
      await ws.close();
    });
  });

  describe('live subscriptions are authenticated and scoped', () => {
    it('closes a socket that presents a bad token and refuses SSE without one', async () => {
      const ws = await openSocket(a.url);
      ws.send({ type: 'auth', token: 'not-a-jwt' });
      expect(await ws.closed).toBe(4401);
      const sse = await openSse(a.url, `topics=${lotTopic(lot)}`, {});
      expect(sse.status).toBe(401);
    });

    it('refuses another user’s topic and unknown lots, and answers malformed messages with bad_message', async () => {
      const ws = await openSocket(a.url, bearer(anaToken));
      ws.send({ type: 'subscribe', topics: [userTopic(bob.id)] });
      await ws.inbox.wait((m) => m.type === 'error' && m.code === 'forbidden');
      ws.send({ type: 'subscribe', topics: [lotTopic(randomUUID())] });
      await ws.inbox.wait((m) => m.type === 'error' && m.code === 'forbidden' && ws.inbox.items.filter((x) => x.type === 'error').length === 2);
      ws.send({ type: 'subscribe', topics: ['everything'] });
      await ws.inbox.wait((m) => m.type === 'error' && m.code === 'bad_message');
      await a.hub.publish(userTopic(bob.id), 'notification', { secret: 'bob only' });
      ws.send({ type: 'ping' });
      await ws.inbox.wait((m) => m.type === 'pong');
      expect(ws.events()).toEqual([]);
      await ws.close();
      const sse = await openSse(a.url, `topics=${userTopic(bob.id)}`, bearer(anaToken));
      expect(sse.status).toBe(403);
      const bad = await openSse(a.url, `topics=lot:1;DROP`, bearer(anaToken));
      expect(bad.status).toBe(400);
    });
  });
});
