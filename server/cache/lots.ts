/**
 * The lot search answer cache and its invalidation. Search answers depend only on lots (and their amenities,
 * counts and ratings), which several parts of the API change: lot and bay routes, gate validation, booth sync,
 * reviews, admin. Rather than trusting each of them to remember, every successful change request except those
 * known never to touch a lot invalidates the cache before its reply leaves, so whoever made a change sees it in
 * the next search. Refused requests (4xx) change nothing, so they keep the cache. Searches for a time window also
 * depend on bookings: they are kept apart (lotWindowCache), and booking routes drop those answers only.
 */
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { AnswerCache } from './cache';
import { memoryCache } from './memory';
import { redisCache } from './redis';

declare module 'fastify' {
  interface FastifyInstance {
    lotCache: AnswerCache;
    /** Answers of searches for a time window: they also depend on bookings, so booking changes drop them too. */
    lotWindowCache: AnswerCache;
  }
}

/** Bounds staleness after a change made outside the API (by hand, in psql). */
const TTL_MS = 10_000;
const MAX_ENTRIES = 5_000;

/**
 * Change routes that never write a lot, a bay, an amenity link or a rating; anything else (a new route too)
 * invalidates. A pattern ending in `/` covers every route under it, any other must match exactly (POST
 * /api/bookings keeps lots, POST /api/bookings/validate moves cars in and out of bays).
 */
const KEEPS_LOTS: ReadonlyArray<readonly [method: string, route: string]> = [
  ['POST', '/api/auth/'],
  ['PUT', '/api/users/'],
  ['POST', '/api/vehicles'],
  ['PUT', '/api/vehicles/'],
  ['DELETE', '/api/vehicles/'],
  ['POST', '/api/bookings'],
  ['PUT', '/api/bookings/:id/extend'],
  ['PUT', '/api/bookings/:id/cancel'],
  ['PUT', '/api/notifications/'],
  ['POST', '/api/notifications/'],
  ['POST', '/api/payments/'],
];

/** Routes among those that change bookings, so what a lot has free in a time window (but no lot itself). */
const CHANGES_WINDOWS: ReadonlyArray<readonly [method: string, route: string]> = [
  ['POST', '/api/bookings'],
  ['PUT', '/api/bookings/:id/extend'],
  ['PUT', '/api/bookings/:id/cancel'],
];

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function keepsLots(method: string, route: string | undefined): boolean {
  if (READS.has(method)) return true;
  if (route === undefined) return false;
  return KEEPS_LOTS.some(([m, pattern]) => m === method && (pattern.endsWith('/') ? route.startsWith(pattern) : route === pattern));
}

/** Call on the root instance before the routes are registered, so the hook sees every route. */
export function installLotCache(app: FastifyInstance, redis: Redis | null): AnswerCache {
  const make = (prefix: string) => (redis ? redisCache(redis, { prefix, ttlMs: TTL_MS }) : memoryCache({ ttlMs: TTL_MS, maxEntries: MAX_ENTRIES }));
  const cache = make('parkpass:lots');
  const windows = make('parkpass:lot-windows');
  app.decorate('lotCache', cache);
  app.decorate('lotWindowCache', windows);
  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode >= 400 && reply.statusCode < 500) return payload;
    const [method, route] = [request.method, request.routeOptions.url];
    const keeps = keepsLots(method, route);
    if (keeps && !CHANGES_WINDOWS.some(([m, r]) => m === method && r === route)) return payload;
    const drop = keeps ? [windows] : [cache, windows];
    await Promise.all(drop.map((c) => c.invalidate())).catch((err: unknown) => request.server.extras.redisTrouble(err as Error));
    return payload;
  });
  return cache;
}
