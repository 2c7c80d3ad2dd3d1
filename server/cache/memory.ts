import type { AnswerCache } from './cache';

export interface MemoryCacheOptions {
  /** Answers older than this are recomputed, a bound for changes made outside the API (e.g. by hand in psql). */
  ttlMs: number;
  /** Oldest answers go first beyond this many. */
  maxEntries: number;
}

/** The cache of one API process (no REDIS_URL): a Map per generation. */
export function memoryCache({ ttlMs, maxEntries }: MemoryCacheOptions): AnswerCache {
  let generation = 0;
  let entries = new Map<string, { value: string; until: number }>();
  return {
    async read(key) {
      const entry = entries.get(key);
      if (entry && entry.until > Date.now()) return { generation: String(generation), value: entry.value };
      if (entry) entries.delete(key);
      return { generation: String(generation), value: null };
    },
    async write(key, gen, value) {
      if (gen !== String(generation)) return;
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      entries.set(key, { value, until: Date.now() + ttlMs });
    },
    async invalidate() {
      generation++;
      entries = new Map();
    },
  };
}
