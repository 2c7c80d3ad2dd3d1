/**
 * The lot search answer cache and its invalidation. Search answers depend only on lots (and their amenities,
 * counts and ratings), which several parts of the API change: lot and bay routes, gate validation, booth sync,
 * reviews, admin. Rather than trusting each of them to remember, every successful change request except those
 * known never to touch a lot invalidates the cache before its reply leaves, so whoever made a change sees it in
 * the next search. Refused requests (4xx) change nothing, so they keep the cache.
 */
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { AnswerCache } from './cache';
import { memoryCache } from './memory';
import { redisCache } from './redis';

declare module 'fastify' {
  interface FastifyInstance {
    lotCache: AnswerCache;
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

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function keepsLots(method: string, route: string | undefined): boolean {
  if (READS.has(method)) return true;
  if (route === undefined) return false;
  return KEEPS_LOTS.some(([m, pattern]) => m === method && (pattern.endsWith('/') ? route.startsWith(pattern) : route === pattern));
}

/** Call on the root instance before the routes are registered, so the hook sees every route. */
export function installLotCache(app: FastifyInstance, redis: Redis | null): AnswerCache {
  const cache = redis ? redisCache(redis, { prefix: 'parkpass:lots', ttlMs: TTL_MS }) : memoryCache({ ttlMs: TTL_MS, maxEntries: MAX_ENTRIES });
  app.decorate('lotCache', cache);
  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode >= 400 && reply.statusCode < 500) return payload;
    if (keepsLots(request.method, request.routeOptions.url)) return payload;
    await cache.invalidate().catch((err: unknown) => request.log.warn({ err }, 'lot cache not invalidated'));
    return payload;
  });
  return cache;
}
