/**
 * Lot search answers are cached (server/cache): a change to a lot must show in the very next search, whichever
 * route made it, in this process and, with Redis, in every other API process.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { buildApp } from '../../server/app';
import { memoryMailer } from '../../server/auth/mailer';
import type { AnswerCache } from '../../server/cache/cache';
import { memoryCache } from '../../server/cache/memory';
import { redisCache } from '../../server/cache/redis';
import { backends } from '../helpers/pg';
import { keepsLots } from '../../server/cache/lots';
import { type Account, type TestApp, addVehicle, createLot, register, startTestApp, testConfig } from './app';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Each test's own key space, so parallel test files sharing one Redis never see each other's answers. */
const newKeySpace = () => `parkpass-test-${randomBytes(6).toString('hex')}:`;
const redisClient = (keyPrefix: string) => new Redis(REDIS_URL, { keyPrefix, maxRetriesPerRequest: 1 });

const search = async (app: FastifyInstance, lat: number) => {
  const res = await app.inject({ method: 'GET', url: `/api/spots?lat=${lat}&lng=4.35&radius_km=1` });
  expect(res.statusCode).toBe(200);
  return res.json().items as Array<{ id: string; name: string; price_cents: number; available_slots: number }>;
};

describe.each(backends())('lot search cache on %s', (backend) => {
  let t: TestApp;
  let owner: Account;
  beforeAll(async () => {
    t = await startTestApp(backend);
    owner = await register(t.app, 'owner');
  });
  afterAll(async () => t?.close());

  it('shows a renamed, repriced lot and a blocked bay in the next search', async () => {
    const lot = await createLot(t, owner, { name: 'Before', latitude: 50.85, longitude: 4.35, total_slots: 3 });
    expect((await search(t.app, 50.85)).find((l) => l.id === lot.id)).toMatchObject({ name: 'Before', available_slots: 3 });
    // The same search twice: the second answer comes from the cache and must still be right.
    expect(await search(t.app, 50.85)).toEqual(await search(t.app, 50.85));

    await t.app.inject({ method: 'PUT', url: `/api/spots/${lot.id}`, headers: owner.auth, payload: { name: 'After', price_cents: 250 } });
    expect((await search(t.app, 50.85)).find((l) => l.id === lot.id)).toMatchObject({ name: 'After', price_cents: 250 });

    await t.app.inject({ method: 'PUT', url: `/api/spots/${lot.id}/bays/${lot.bays[0].id}`, headers: owner.auth, payload: { blocked: true } });
    expect((await search(t.app, 50.85)).find((l) => l.id === lot.id)).toMatchObject({ available_slots: 2 });

    await t.app.inject({ method: 'DELETE', url: `/api/spots/${lot.id}`, headers: owner.auth });
    expect((await search(t.app, 50.85)).find((l) => l.id === lot.id)).toBeUndefined();
  });

  it('shows a car entering at the gate (one bay fewer available) in the next search', async () => {
    const lot = await createLot(t, owner, { name: 'Gate', latitude: 50.88, longitude: 4.35, total_slots: 2 });
    const driver = await register(t.app);
    const vehicle_id = await addVehicle(t, driver);
    const start = Date.now();
    const booking = await t.app.inject({
      method: 'POST',
      url: '/api/bookings',
      headers: driver.auth,
      payload: { spot_id: lot.id, vehicle_id, start_time: new Date(start).toISOString(), end_time: new Date(start + 3_600_000).toISOString() },
    });
    expect(booking.statusCode).toBe(201);
    expect((await search(t.app, 50.88)).find((l) => l.id === lot.id)).toMatchObject({ available_slots: 2 });
    const gate = await t.app.inject({ method: 'POST', url: '/api/bookings/validate', headers: owner.auth, payload: { spot_id: lot.id, code: booking.json().pin, direction: 'entry' } });
    expect(gate.json()).toMatchObject({ decision: 'admit' });
    expect((await search(t.app, 50.88)).find((l) => l.id === lot.id)).toMatchObject({ available_slots: 1 });
  });

  it('keeps answers across refused changes and changes that never touch a lot', async () => {
    const lot = await createLot(t, owner, { name: 'Kept', latitude: 50.86, longitude: 4.35 });
    await search(t.app, 50.86);
    const gen = (await t.app.lotCache.read('probe')).generation;
    const other = await register(t.app, 'owner');
    expect((await t.app.inject({ method: 'PUT', url: `/api/spots/${lot.id}`, headers: other.auth, payload: { name: 'x' } })).statusCode).toBe(403);
    expect((await t.app.lotCache.read('probe')).generation).toBe(gen);
  });

  // Runs where Redis is (REDIS_URL: .ci/run sets it when one answers), as the PostgreSQL tests run with DATABASE_URL.
  it.runIf(process.env.REDIS_URL)('with Redis, a change made through one API process shows in the next search of another', async () => {
    // Two processes sharing one Redis, as in production: two clients with the same key space.
    const space = newKeySpace();
    const [reader, writer] = await Promise.all(
      [0, 1].map(() => buildApp(testConfig(), t.database, { mailer: memoryMailer(), logger: false, extras: { redis: redisClient(space) } })),
    );
    try {
      const ownerB = await register(writer!, 'owner');
      const created = await writer!.inject({
        method: 'POST',
        url: '/api/spots',
        headers: ownerB.auth,
        payload: { name: 'Shared', address: 'x', latitude: 50.87, longitude: 4.35, total_slots: 2, price_cents: 100, price_type: 'hour' },
      });
      const id = created.json().id as string;
      expect((await search(reader!, 50.87)).find((l) => l.id === id)).toMatchObject({ name: 'Shared' });
      await writer!.inject({ method: 'PUT', url: `/api/spots/${id}`, headers: ownerB.auth, payload: { name: 'Renamed elsewhere' } });
      expect((await search(reader!, 50.87)).find((l) => l.id === id)).toMatchObject({ name: 'Renamed elsewhere' });
    } finally {
      await Promise.all([reader!.close(), writer!.close()]);
    }
  });
});

describe('which changes drop cached lot searches', () => {
  it('drops them for lot, bay, gate, sync and unknown changes, keeps them for reads and bookings', () => {
    expect(keepsLots('GET', '/api/spots')).toBe(true);
    expect(keepsLots('POST', '/api/bookings')).toBe(true);
    expect(keepsLots('PUT', '/api/bookings/:id/cancel')).toBe(true);
    expect(keepsLots('POST', '/api/auth/login')).toBe(true);
    expect(keepsLots('POST', '/api/bookings/validate')).toBe(false);
    expect(keepsLots('PUT', '/api/spots/:id')).toBe(false);
    expect(keepsLots('PUT', '/api/spots/:id/bays/:bayId')).toBe(false);
    expect(keepsLots('POST', '/api/sync/push')).toBe(false);
    expect(keepsLots('POST', '/api/bookings/:id/something-new')).toBe(false);
    expect(keepsLots('POST', undefined)).toBe(false);
  });
});

describe.each([
  ['memory', () => ({ cache: memoryCache({ ttlMs: 60_000, maxEntries: 10 }), close: () => {} })],
  ...(process.env.REDIS_URL
    ? [['redis', () => {
        const client = redisClient(newKeySpace());
        return { cache: redisCache(client, { prefix: 'lots', ttlMs: 60_000 }), close: () => client.disconnect() };
      }]]
    : []),
] as Array<[string, () => { cache: AnswerCache; close: () => void }]>)('%s answer cache', (_, make) => {
  it('never stores an answer computed before an invalidation', async () => {
    const { cache, close } = make();
    onTestFinished(close);
    const { generation } = await cache.read('q');
    await cache.invalidate(); // a change commits while the answer is being computed
    await cache.write('q', generation, 'stale');
    expect((await cache.read('q')).value).toBeNull();
    const now = await cache.read('q');
    await cache.write('q', now.generation, 'fresh');
    expect((await cache.read('q')).value).toBe('fresh');
  });
});
