import { afterEach, describe, expect, it, vi } from 'vitest';
import { ReadAhead, pageKey } from '../../server/sync/prefetch';

afterEach(() => {
  vi.useRealTimers();
});

describe('read-ahead of the next pull page', () => {
  const key = pageKey(['lot-a', 'lot-b'], { 'lot-a': 5000, 'lot-b': 12 }, 5000, 'rows');

  it('hands the page read ahead to the request that asks for exactly it, once', async () => {
    const ahead = new ReadAhead<string>();
    const read = vi.fn(async () => 'page 2');
    ahead.start('device-1', key, read);
    expect(read).toHaveBeenCalledTimes(1); // started at once, not when asked
    expect(await ahead.take('device-1', key)).toBe('page 2');
    expect(await ahead.take('device-1', key)).toBeNull();
  });

  it('ignores it for any other request: other cursors, lots, limit, format or device', async () => {
    const others = [
      pageKey(['lot-a', 'lot-b'], { 'lot-a': 5000, 'lot-b': 13 }, 5000, 'rows'),
      pageKey(['lot-a'], { 'lot-a': 5000, 'lot-b': 12 }, 5000, 'rows'),
      pageKey(['lot-a', 'lot-b'], { 'lot-a': 5000, 'lot-b': 12 }, 1000, 'rows'),
      pageKey(['lot-a', 'lot-b'], { 'lot-a': 5000, 'lot-b': 12 }, 5000, 'objects'),
    ];
    for (const other of others) {
      expect(other).not.toBe(key);
      const ahead = new ReadAhead<string>();
      ahead.start('device-1', key, async () => 'page 2');
      expect(await ahead.take('device-1', other)).toBeNull();
      // A miss uses it up: the request reads afresh, and the stale read-ahead is not served later either.
      expect(await ahead.take('device-1', key)).toBeNull();
    }
    const ahead = new ReadAhead<string>();
    ahead.start('device-1', key, async () => 'page 2');
    expect(await ahead.take('device-2', key)).toBeNull();
    expect(await ahead.take('device-1', key)).toBe('page 2');
  });

  it('a read that failed is a miss, not an error', async () => {
    const ahead = new ReadAhead<string>();
    ahead.start('device-1', key, async () => {
      throw new Error('connection reset');
    });
    expect(await ahead.take('device-1', key)).toBeNull();
  });

  it('is forgotten when nobody asks within its time', async () => {
    vi.useFakeTimers();
    const ahead = new ReadAhead<string>(1000);
    ahead.start('device-1', key, async () => 'page 2');
    vi.advanceTimersByTime(1001);
    expect(await ahead.take('device-1', key)).toBeNull();
  });

  it('closing waits for reads still running, replaced ones included', async () => {
    const ahead = new ReadAhead<string>();
    let finished = 0;
    const slow = (ms: number) => () => new Promise<string>((r) => setTimeout(() => r(String(++finished)), ms));
    ahead.start('device-1', key, slow(60));
    ahead.start('device-1', pageKey(['lot-a'], {}, 1, 'rows'), slow(30));
    await ahead.close();
    expect(finished).toBe(2);
  });
});
