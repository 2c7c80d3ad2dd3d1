/**
 * Read-ahead for catch-ups. A booth that is behind asks for page after page, each with the cursors the previous
 * answer gave it. So once a page that has more behind it is sent, the API already knows the next request and
 * reads that page from PostgreSQL right away, while the booth is still receiving and applying the one it got:
 * the next request finds its page ready instead of waiting for the query. (Without it, the booth and the API
 * took turns: the booth's CPU was idle half of a 100,000-change catch-up.)
 *
 * Safe to serve later because a page is a key range of the feed below the head it was read with, and committed
 * entries below a head never change; a request that does not match the read-ahead exactly (other cursors, lots
 * or limit) ignores it and reads afresh. One read-ahead per device, dropped after `ttlMs` if nobody asks.
 */
export function pageKey(lotIds: readonly string[], cursors: Readonly<Record<string, number>>, limit: number, format: string): string {
  return `${format}|${limit}|${lotIds.map((id) => `${id}:${cursors[id] ?? '-'}`).join(',')}`;
}

interface Ahead<T> {
  key: string;
  page: Promise<T | null>;
  timer: NodeJS.Timeout;
}

export class ReadAhead<T> {
  private readonly byDevice = new Map<string, Ahead<T>>();
  /** Every read not finished yet, including replaced ones: the database must not close under them. */
  private readonly running = new Set<Promise<T | null>>();

  constructor(private readonly ttlMs = 30_000) {}

  /** The page read ahead for exactly this request, or null (none, another request, or its read failed). */
  async take(deviceId: string, key: string): Promise<T | null> {
    const ahead = this.byDevice.get(deviceId);
    if (!ahead) return null;
    this.drop(deviceId, ahead);
    return ahead.key === key ? ahead.page : null;
  }

  /** Starts reading the page this device will most likely ask for next (replacing any earlier read-ahead). */
  start(deviceId: string, key: string, read: () => Promise<T>): void {
    const old = this.byDevice.get(deviceId);
    if (old) this.drop(deviceId, old);
    // A failed read-ahead is not an error anyone waits for: the request that would have used it reads afresh.
    const page = read().catch(() => null);
    this.running.add(page);
    void page.then(() => this.running.delete(page));
    const ahead: Ahead<T> = { key, page, timer: setTimeout(() => this.drop(deviceId, ahead), this.ttlMs) };
    ahead.timer.unref();
    this.byDevice.set(deviceId, ahead);
  }

  /** Waits for reads still running (before the database closes) and forgets them all. */
  async close(): Promise<void> {
    for (const [deviceId, ahead] of this.byDevice) this.drop(deviceId, ahead);
    await Promise.all([...this.running]);
  }

  private drop(deviceId: string, ahead: Ahead<T>): void {
    clearTimeout(ahead.timer);
    if (this.byDevice.get(deviceId) === ahead) this.byDevice.delete(deviceId);
  }
}
