// The same hub on the embedded PostgreSQL (PGlite) a newcomer runs without a database server.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { HistoryGoneError, LiveHub, notificationSourceFor, pruneEvents } from '../../server/live/index';
import type { Database } from '../../server/db';
import { openTestDatabase } from '../helpers/pg';
import type { LiveEvent } from '../../src/shared/api/live';

let database: Database;
let hub: LiveHub;

beforeAll(async () => {
  // From the migrated snapshot: a fresh initdb can take most of a minute on a loaded machine.
  database = await openTestDatabase('pglite');
  hub = new LiveHub(database.db, notificationSourceFor(database, { warn: () => undefined }));
  await hub.start();
});

afterAll(async () => {
  await hub.stop();
  await database.close();
});

const until = async (cond: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
};

it('delivers live events and replays the ones after a given id', async () => {
  const got: LiveEvent[] = [];
  const sub = await hub.subscribe(['lot:x'], null, (e) => got.push(e));
  const first = await hub.publish('lot:x', 'availability', { free: 3 });
  await hub.publish('lot:y', 'availability', { free: 9 });
  const second = await database.db.transaction(async (tx) => hub.publish('lot:x', 'availability', { free: 2 }, tx));
  await until(() => got.length === 2);
  expect(got.map((e) => e.data)).toEqual([{ free: 3 }, { free: 2 }]);
  sub.close();

  const replayed: LiveEvent[] = [];
  const again = await hub.subscribe(['lot:x'], first.id, (e) => replayed.push(e));
  expect(replayed.map((e) => e.id)).toEqual([second.id]);
  expect(again.lastEventId).toBe(second.id);
  again.close();
});

it('tells a client whose last id was pruned away to reload, instead of replaying with a gap', async () => {
  const old = await hub.publish('lot:z', 'availability', { free: 1 });
  await hub.publish('lot:z', 'availability', { free: 2 });
  await pruneEvents(database.db, new Date(Date.now() + 60_000));
  await hub.publish('lot:z', 'availability', { free: 3 });
  await expect(hub.subscribe(['lot:z'], String(BigInt(old.id) - 1n), () => undefined)).rejects.toBeInstanceOf(HistoryGoneError);
});

it('replays in numeric id order across a change in digit count (9 before 10)', async () => {
  const ids: string[] = [];
  for (let i = 0; i < 12; i++) ids.push((await hub.publish('lot:digits', 'availability', { i })).id);
  const replayed: string[] = [];
  const sub = await hub.subscribe(['lot:digits'], String(BigInt(ids[0]!) - 1n), (e) => replayed.push(e.id));
  sub.close();
  expect(replayed).toEqual(ids);
  expect(ids.some((id, i) => i > 0 && id.length > ids[i - 1]!.length)).toBe(true);
});
