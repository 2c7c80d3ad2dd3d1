/**
 * Rate-limit counters in Redis (shared by every API process), falling back to this process's memory while Redis
 * fails: a Redis outage loosens the limits to per-process instead of failing sign-in and gate validation with
 * 500s. Built from @fastify/rate-limit's own two stores, which its typings do not export.
 */
import { createRequire } from 'node:module';
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor, RateLimitOptions } from '@fastify/rate-limit';
import type { Redis } from 'ioredis';

type Store = FastifyRateLimitStore;
const require = createRequire(import.meta.url);
const RedisStore = require('@fastify/rate-limit/store/RedisStore') as new (continueExceeding: boolean, exponentialBackoff: boolean, redis: Redis, key: string) => Store;
const LocalStore = require('@fastify/rate-limit/store/LocalStore') as new (continueExceeding: boolean, exponentialBackoff: boolean) => Store;

/** The plugin's default key prefix, so counters survive switching to this store. */
const KEY_PREFIX = 'fastify-rate-limit-';

class FailoverStore implements Store {
  constructor(
    private readonly shared: Store,
    private readonly local: Store,
    private readonly onError: (err: Error) => void,
  ) {}

  incr(key: string, callback: Parameters<Store['incr']>[1], timeWindow: number, max: number): void {
    this.shared.incr(
      key,
      (err, result) => {
        if (!err) return callback(null, result);
        this.onError(err);
        this.local.incr(key, callback, timeWindow, max);
      },
      timeWindow,
      max,
    );
  }

  child(routeOptions: Parameters<Store['child']>[0]): Store {
    return new FailoverStore(this.shared.child(routeOptions), this.local.child(routeOptions), this.onError);
  }
}

/** A store constructor for the plugin's `store` option. `onError`: each failed Redis call (before the fallback). */
export function failoverRateLimitStore(redis: Redis, onError: (err: Error) => void): FastifyRateLimitStoreCtor {
  return class extends FailoverStore {
    // The plugin passes its global parameters (RateLimitOptions, with continueExceeding and exponentialBackoff).
    constructor(options: RateLimitOptions) {
      const [continueExceeding, exponentialBackoff] = [Boolean(options.continueExceeding), Boolean(options.exponentialBackoff)];
      super(new RedisStore(continueExceeding, exponentialBackoff, redis, KEY_PREFIX), new LocalStore(continueExceeding, exponentialBackoff), onError);
    }
  };
}
