/**
 * The booth's sync client: enrolls with a one-time code, then pushes the outbox in batches and pulls each lot's
 * feed in pages, whenever the live stream says a lot moved (or every `pollMs` as a fallback), retrying with
 * jittered exponential backoff (≤ 30 s) while the API is unreachable. A revoked booth stops syncing and keeps
 * its data. Clock and fetch are injectable (tests simulate days offline and cut the network).
 */
import type Database from 'better-sqlite3';
import { EnrollResponse, PullPage, PushResponse, ServerTime } from '../../../shared/sync/protocol';
import { getSetting, setSetting } from '../settings/settings';
import { SyncWriter } from './apply';
import { backoffDelay } from './backoff';
import { Outbox } from './outbox';
import { readSse } from './sse';
import { type Fetch, OfflineError, SyncHttpError, postJson } from './transport';

export interface SyncClientOptions {
  sqlite: Database.Database;
  boothId: string;
  now: () => number;
  fetch?: Fetch;
  random?: () => number;
  /** Lots whose data changed (after a pull page or a conflict), so caches and the floor grid refresh. */
  onChange?: (lotIds: Set<string>) => void;
  trustPassKey?: (publicKey: string) => void;
  logger?: { warn(o: object | string, msg?: string): void };
  pushBatch?: number;
  pullLimit?: number;
  /** Pull at least this often even when the live stream is silent. */
  pollMs?: number;
}

const KEY = {
  api: 'sync.api_url', device: 'sync.device_id', token: 'sync.device_token', offset: 'sync.clock_offset',
  online: 'sync.online', offlineSince: 'sync.offline_since', message: 'sync.message',
} as const;

export class SyncRevokedError extends Error {}

export class SyncClient {
  private readonly sqlite: Database.Database;
  private readonly now: () => number;
  private readonly fetch: Fetch;
  readonly writer: SyncWriter;
  readonly outbox: Outbox;
  private running = false;
  private cycle: Promise<void> | null = null;
  private again = false;
  private wake: (() => void) | null = null;
  private stream: AbortController | null = null;
  private failures = 0;

  constructor(private readonly o: SyncClientOptions) {
    this.sqlite = o.sqlite;
    this.now = o.now;
    this.fetch = o.fetch ?? fetch;
    this.writer = new SyncWriter(o.sqlite, o.boothId);
    this.outbox = new Outbox(o.sqlite, this.writer);
  }

  private get(key: string): string | null {
    return getSetting(this.sqlite, key);
  }
  private set(key: string, value: string): void {
    setSetting(this.sqlite, key, value, this.now());
  }

  get enrolled(): boolean {
    return this.get(KEY.token) !== null;
  }
  get offset(): number {
    return Number(this.get(KEY.offset) ?? 0);
  }
  get online(): boolean {
    return this.get(KEY.online) === 'true';
  }
  get message(): string | null {
    return this.get(KEY.message);
  }

  /** Points an enrolled booth at another address of the same API (it moved); the device token stays valid. */
  useApi(apiUrl: string): void {
    if (this.enrolled) this.set(KEY.api, apiUrl.replace(/\/+$/, ''));
  }

  /** Trades a one-time code for this booth's device token, its lots and the pass keys; then syncs once. */
  async enroll(apiUrl: string, code: string, boothName: string): Promise<EnrollResponse> {
    const base = apiUrl.replace(/\/+$/, '');
    const { body, offset } = await postJson(this.fetch, this.now, `${base}/api/devices/enroll`, null, { code, booth_name: boothName }, EnrollResponse);
    const now = this.now();
    this.sqlite
      .transaction(() => {
        for (const lot of body.lots) this.writer.lot(lot, now);
        this.set(KEY.api, base);
        this.set(KEY.device, body.device_id);
        this.set(KEY.token, body.device_token);
        this.set(KEY.offset, String(offset ?? 0));
        this.sqlite.prepare('DELETE FROM settings WHERE key = ?').run(KEY.message);
      })
      .immediate();
    for (const key of body.pass_public_keys) this.o.trustPassKey?.(key);
    this.o.onChange?.(new Set(body.lots.map((l) => l.id)));
    await this.syncOnce().catch((err: unknown) => {
      if (!(err instanceof OfflineError)) throw err;
    });
    return body;
  }

  private endpoint(path: string): { url: string; token: string } {
    const api = this.get(KEY.api);
    const token = this.get(KEY.token);
    if (!api || !token) throw new Error('this booth is not enrolled');
    return { url: `${api}${path}`, token };
  }

  private measured(offset: number | null): void {
    if (offset !== null) this.set(KEY.offset, String(offset));
  }

  private markOnline(online: boolean): void {
    const was = this.get(KEY.online);
    if (was === String(online)) return;
    this.sqlite
      .transaction(() => {
        this.set(KEY.online, String(online));
        if (!online && this.get(KEY.offlineSince) === null) this.set(KEY.offlineSince, String(this.now()));
        if (online) this.sqlite.prepare('DELETE FROM settings WHERE key = ?').run(KEY.offlineSince);
      })
      .immediate();
  }

  /** Pushes the whole outbox, then pulls until the feed is drained. Throws OfflineError when the API is unreachable. */
  async syncOnce(): Promise<void> {
    try {
      await this.measureClock();
      await this.pushAll();
      await this.pullAll();
      this.markOnline(true);
      this.failures = 0;
    } catch (err) {
      if (err instanceof SyncHttpError && err.status === 401) {
        this.set(KEY.message, err.code === 'device_revoked' ? 'This booth was revoked by the lot owner: sync is off, local data is kept.' : `Sync refused: ${err.message}`);
        this.markOnline(false);
        this.running = false;
        this.wake?.();
        throw new SyncRevokedError(err.message);
      }
      this.markOnline(false);
      throw err;
    }
  }

  /** Fresh offset before stamping commands: the booth clock may have drifted or been reset while offline. */
  async measureClock(): Promise<number> {
    const { url, token } = this.endpoint('/api/sync/time');
    const { offset } = await postJson(this.fetch, this.now, url, token, {}, ServerTime);
    this.measured(offset);
    return this.offset;
  }

  /**
   * Pushes the outbox in batches. If the API refuses a whole batch as malformed (an API newer or older than this
   * booth), the batch is retried one command at a time and the one it refuses is marked rejected and audited, so
   * a single bad row never blocks the outbox.
   */
  async pushAll(): Promise<number> {
    let pushed = 0;
    let single = false;
    for (;;) {
      const batch = this.outbox.nextBatch(single ? 1 : (this.o.pushBatch ?? 200), this.offset, this.now());
      if (batch.length === 0) return pushed;
      const { url, token } = this.endpoint('/api/sync/push');
      let answer;
      try {
        answer = await postJson(this.fetch, this.now, url, token, { commands: batch }, PushResponse);
      } catch (err) {
        if (err instanceof SyncHttpError && (err.status === 400 || err.status === 413 || err.status === 422)) {
          if (batch.length > 1) {
            single = true;
            continue;
          }
          this.outbox.refused(batch[0]!, `${err.code}: ${err.message}`, this.now());
          continue;
        }
        this.outbox.failed(batch, (err as Error).message);
        throw err;
      }
      this.measured(answer.offset);
      const now = this.now();
      this.outbox.settle(batch, answer.body.results, now);
      this.sqlite.transaction(() => {
        for (const l of answer.body.leases) this.writer.lease(l.lot_id, l.walkins, l.granted_at);
        this.sqlite.prepare('UPDATE sync_state SET last_pushed_at = ?').run(now);
      })();
      const conflicted = answer.body.results.filter((r) => r.status === 'conflict' && r.canonical).map((r) => r.canonical!.lot_id);
      if (conflicted.length > 0) this.o.onChange?.(new Set(conflicted));
      pushed += batch.length;
    }
  }

  /**
   * Pulls until the feed is drained. The next page is requested while the current one is being applied (its
   * cursors are known from the answer), so the API and the network work while SQLite writes.
   */
  async pullAll(): Promise<number> {
    const { url, token } = this.endpoint('/api/sync/pull');
    const limit = this.o.pullLimit ?? 5000;
    const fetchPage = (cursors: Record<string, number>) => {
      const p = postJson(this.fetch, this.now, url, token, { cursors, limit, format: 'rows' }, PullPage);
      p.catch(() => undefined); // awaited below; a prefetch that is never used must not go unhandled
      return p;
    };
    let cursors = Object.fromEntries(
      (this.sqlite.prepare('SELECT lot_id, cursor FROM sync_state').all() as { lot_id: string; cursor: number }[]).map((r) => [r.lot_id, r.cursor]),
    );
    this.writer.startPull();
    let next = fetchPage(cursors);
    let changes = 0;
    for (;;) {
      const { body, offset } = await next;
      cursors = { ...cursors, ...body.cursors };
      if (body.more) next = fetchPage(cursors);
      this.measured(offset);
      const touched = this.writer.applyPull(body, this.now());
      if (touched.size > 0) this.o.onChange?.(touched);
      changes += body.changes.length;
      if (!body.more) return changes;
    }
  }

  /** Asks for a sync as soon as possible (after a local change, or when the live stream says a lot moved). */
  kick(): void {
    this.again = true;
    this.wake?.();
  }

  /** Starts the background loop and the live stream. */
  start(): void {
    if (this.running || !this.enrolled) return;
    this.running = true;
    void this.loop();
    void this.listen();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.stream?.abort();
    this.wake?.();
    await this.cycle?.catch(() => undefined);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  private async loop(): Promise<void> {
    while (this.running) {
      this.again = false;
      this.cycle = this.syncOnce();
      let delay = this.o.pollMs ?? 30_000;
      try {
        await this.cycle;
      } catch (err) {
        if (err instanceof SyncRevokedError) return;
        this.o.logger?.warn({ err: (err as Error).message }, 'sync failed; retrying');
        delay = backoffDelay(this.failures++, this.o.random);
      }
      this.cycle = null;
      if (this.running && !this.again) await this.sleep(delay);
    }
  }

  private async listen(): Promise<void> {
    let attempt = 0;
    while (this.running) {
      this.stream = new AbortController();
      try {
        const { url, token } = this.endpoint('/api/sync/events');
        await readSse(this.fetch, url, token, this.stream.signal, (e) => {
          attempt = 0;
          if (e.event === 'feed' || e.event === 'hello') this.kick();
        });
      } catch {
        // dropped or unreachable: reconnect after a pause, the poll keeps data flowing meanwhile
      }
      if (this.running) await new Promise((r) => setTimeout(r, backoffDelay(attempt++, this.o.random, 1000)));
    }
  }
}
