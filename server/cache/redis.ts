import { Redis } from 'ioredis';
import type { AnswerCache } from './cache';

/**
 * The API's Redis connection. While it is down, commands fail at once rather than queue (no offline queue), so
 * every user of it falls back straight away: rate limits to this process's counters, searches to the database.
 */
export function connectRedis(url: string): Redis {
  return new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
}

export interface RedisCacheOptions {
  /** Key prefix, so several caches (and several deployments) can share one Redis. */
  prefix: string;
  ttlMs: number;
}

/**
 * The cache shared by every API process (REDIS_URL): the generation is one counter, answers are keys named after
 * the generation they were computed in, so invalidating is one INCR seen by all processes on their next read,
 * and old answers simply expire.
 */
export function redisCache(redis: Redis, { prefix, ttlMs }: RedisCacheOptions): AnswerCache {
  const genKey = `${prefix}:gen`;
  // The generation and the answer under it, in one round trip and one atomic step. Answer keys extend the
  // generation key, so a client keyPrefix (applied to KEYS, not to ARGV) covers both.
  const readScript = `local g = redis.call('GET', KEYS[1]) or '0'
return {g, redis.call('GET', KEYS[1] .. ':' .. g .. ':' .. ARGV[1])}`;
  // Sent once, then by its SHA (EVALSHA).
  if (!('parkpassCacheRead' in redis)) redis.defineCommand('parkpassCacheRead', { numberOfKeys: 1, lua: readScript });
  const run = redis as unknown as { parkpassCacheRead(genKey: string, key: string): Promise<[string, string | null]> };
  return {
    async read(key) {
      const [generation, value] = await run.parkpassCacheRead(genKey, key);
      return { generation, value: value ?? null };
    },
    async write(key, generation, value) {
      await redis.set(`${genKey}:${generation}:${key}`, value, 'PX', ttlMs);
    },
    async invalidate() {
      await redis.incr(genKey);
    },
  };
}
