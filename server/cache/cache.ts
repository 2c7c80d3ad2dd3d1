/**
 * A read-through cache of serialised answers, invalidated as a whole. Every read returns the generation it saw;
 * an answer computed from the database is stored only under that generation, so an answer that was being
 * computed while a change committed (and the cache was invalidated) is never served afterwards.
 */
export interface AnswerCache {
  read(key: string): Promise<{ generation: string; value: string | null }>;
  write(key: string, generation: string, value: string): Promise<void>;
  /** Called after a change has committed: every answer stored so far is forgotten. */
  invalidate(): Promise<void>;
}

/** The cached answer for `key`, or `compute()`'s, stored for the next reader. A failing cache is bypassed. */
export async function cached(cache: AnswerCache, key: string, compute: () => Promise<string>, onError: (err: unknown) => void): Promise<string> {
  let generation: string | null = null;
  try {
    const hit = await cache.read(key);
    if (hit.value !== null) return hit.value;
    generation = hit.generation;
  } catch (err) {
    onError(err);
  }
  const value = await compute();
  if (generation !== null) await cache.write(key, generation, value).catch(onError);
  return value;
}
