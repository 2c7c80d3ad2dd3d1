/**
 * Hears "lot X's feed moved" from every API process (NOTIFY on FEED_CHANNEL, sent by appendChange at commit) and
 * fans it out in this process. PostgreSQL: one dedicated LISTEN connection, reconnected with backoff; after a
 * reconnect every listener is told to pull, since notifications sent meanwhile were lost. PGlite: its listen API.
 */
import { EventEmitter } from 'node:events';
import pg from 'pg';
import type { Database } from '../db';
import { FEED_CHANNEL } from './feed';

export class FeedListener extends EventEmitter {
  private client: pg.Client | null = null;
  private unlisten: (() => Promise<void>) | null = null;
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly database: Database) {
    super();
    this.setMaxListeners(0);
  }

  async start(): Promise<void> {
    const raw = (this.database.db as unknown as { $client: unknown }).$client;
    if (this.database.kind === 'pglite') {
      const lite = raw as { listen(c: string, cb: (p: string) => void): Promise<() => Promise<void>> };
      this.unlisten = await lite.listen(FEED_CHANNEL, (lotId) => this.emit('lot', lotId));
      return;
    }
    const { connectionString, host, port, user, password, database, ssl } = (raw as pg.Pool).options;
    await this.connect({ connectionString, host, port, user, password, database, ssl }, 100);
  }

  private async connect(config: pg.ClientConfig, delay: number): Promise<void> {
    const client = new pg.Client({ ...config, application_name: 'parkpass-sync' });
    client.on('notification', (m) => m.channel === FEED_CHANNEL && m.payload && this.emit('lot', m.payload));
    const lost = (): void => {
      if (this.client !== client || this.stopped) return;
      this.client = null;
      client.on('error', () => undefined);
      void client.end().catch(() => undefined);
      this.retry(config, delay);
    };
    client.on('error', lost);
    client.on('end', lost);
    try {
      await client.connect();
      await client.query(`LISTEN ${FEED_CHANNEL}`);
    } catch (err) {
      void client.end().catch(() => undefined); // a half-made connection is not kept (the caller retries)
      throw err;
    }
    this.client = client;
  }

  private retry(config: pg.ClientConfig, delay: number): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.stopped) return;
      this.connect(config, 100).then(
        () => this.emit('reconnect'),
        () => this.retry(config, Math.min(delay * 2, 5000)),
      );
    }, delay);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.unlisten?.().catch(() => undefined);
    const c = this.client;
    this.client = null;
    await c?.end().catch(() => undefined);
    this.removeAllListeners();
  }
}
