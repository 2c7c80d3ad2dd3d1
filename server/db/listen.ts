// Hearing NOTIFYs on one channel, for the live hub (LIVE_CHANNEL) and the booths' sync streams (FEED_CHANNEL).
// With PostgreSQL: one dedicated connection that LISTENs (a pooled connection would lose its LISTEN when
// returned) and reconnects with backoff when the server or the network drops it. Notifications sent while it was
// down are lost, so each user re-reads what it serves after a reconnect (`onReconnect`).
// With PGlite (one process, embedded): its own listen API, which has no connection to lose.
import pg from 'pg';
import type { Database } from './types';

export interface NotificationSource {
  /** `onReconnect` runs after every re-established connection (not the first). */
  start(onNotify: (payload: string) => void, onReconnect: () => void): Promise<void>;
  stop(): Promise<void>;
}

export interface ListenerLog {
  warn(obj: object, msg: string): void;
}

/** `name`: the connection's application_name, which tells it apart in pg_stat_activity. */
export function pgNotificationSource(connection: pg.ClientConfig, channel: string, name: string, log: ListenerLog, maxBackoffMs = 5000): NotificationSource {
  let client: pg.Client | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;

  const connect = async (onNotify: (p: string) => void): Promise<void> => {
    const next = new pg.Client({ ...connection, application_name: name });
    // Until watch() takes over: a connection lost while connecting fails connect() or LISTEN (the caller
    // retries), and its 'error' event must not crash the process.
    next.on('error', () => undefined);
    next.on('notification', (msg) => {
      if (msg.channel === channel) onNotify(msg.payload ?? '');
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    } catch (err) {
      void next.end().catch(() => undefined);
      throw err;
    }
    client = next;
  };

  return {
    async start(onNotify, onReconnect) {
      const watch = (): void => {
        const current = client;
        if (!current) return;
        const lost = (err?: Error): void => {
          if (client !== current || stopped) return;
          client = null;
          current.removeAllListeners('error');
          current.on('error', () => undefined);
          void current.end().catch(() => undefined);
          log.warn({ err: err?.message, channel }, 'LISTEN connection lost; reconnecting');
          retry(100);
        };
        current.on('error', lost);
        current.on('end', () => lost());
      };
      const retry = (delay: number): void => {
        timer = setTimeout(() => {
          timer = null;
          if (stopped) return;
          connect(onNotify)
            .then(() => {
              watch();
              onReconnect();
            })
            .catch((err: Error) => {
              log.warn({ err: err.message, channel }, 'LISTEN reconnect failed');
              retry(Math.min(delay * 2, maxBackoffMs));
            });
        }, delay);
      };
      await connect(onNotify);
      watch();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      const current = client;
      client = null;
      await current?.end().catch(() => undefined);
    },
  };
}

/** The part of PGlite a notification source needs. */
export interface PgliteLike {
  listen(channel: string, callback: (payload: string) => void): Promise<(tx?: never) => Promise<void>>;
}

export function pgliteNotificationSource(db: PgliteLike, channel: string): NotificationSource {
  let unlisten: (() => Promise<void>) | null = null;
  return {
    async start(onNotify) {
      unlisten = await db.listen(channel, onNotify);
    },
    async stop() {
      await unlisten?.();
      unlisten = null;
    },
  };
}

/** A source of `channel`'s notifications for an opened central database (its pool's settings, or its PGlite). */
export function listenTo(database: Database, channel: string, name: string, log: ListenerLog): NotificationSource {
  const client = (database.db as unknown as { $client: unknown }).$client;
  if (database.kind === 'pglite') return pgliteNotificationSource(client as PgliteLike, channel);
  const { connectionString, host, port, user, password, database: dbName, ssl } = (client as pg.Pool).options;
  return pgNotificationSource({ connectionString, host, port, user, password, database: dbName, ssl }, channel, name, log);
}
