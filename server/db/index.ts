/**
 * Opens the central database: the PostgreSQL server at DATABASE_URL (node-postgres pool), or else an embedded
 * PostgreSQL (PGlite) in `<dataDir>/pg` (or in memory), and applies pending migrations before returning.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { DEFAULT_POOL_SIZE } from '../config';
import { lockFolder } from './folder-lock';
import * as schema from '../../db/central/schema';
import type { Database, Executor } from './types';

export type { Database, Executor } from './types';

export const MIGRATIONS_FOLDER = resolve(dirname(fileURLToPath(import.meta.url)), '../../db/central/migrations');
/** Any constant: serialises migrations when several API instances start at once. */
const MIGRATION_LOCK = 7_314_002;

/**
 * `lockTimeoutMs` (PostgreSQL): how long a statement may wait for a row or table lock before it fails (default:
 * forever), so a lock held by a stuck session makes requests fail with a "retry" instead of piling up;
 * `poolWaitMs`: the same for the wait for a pooled connection (default POOL_WAIT_MS);
 * `idleTransactionTimeoutMs` (PostgreSQL): how long a transaction may sit between statements before PostgreSQL
 * ends its session (default: forever). The API never waits on anything else inside a transaction, so an idle
 * one means its process froze or lost its network while holding locks: a lot that stays locked, and live
 * events held back server-wide (see server/live/store.ts), until PostgreSQL ends it.
 * `snapshot`: start an in-memory PGlite from a dump (`Database.dump`) instead of running initdb.
 */
export type DatabaseTarget =
  | { url: string; poolSize?: number; lockTimeoutMs?: number; poolWaitMs?: number; idleTransactionTimeoutMs?: number }
  | { pgliteDir: string }
  | { memory: true; snapshot?: Blob };

/** A request that cannot have a pooled connection within this long fails (503) rather than queueing on. */
const POOL_WAIT_MS = 10_000;

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if ('url' in target) return openPostgres(target);
  return 'pgliteDir' in target ? openPglite(target.pgliteDir) : openPglite(undefined, target.snapshot);
}

async function openPostgres(target: Extract<DatabaseTarget, { url: string }>): Promise<Database> {
  const { url, poolSize = DEFAULT_POOL_SIZE, lockTimeoutMs = 0, poolWaitMs = POOL_WAIT_MS, idleTransactionTimeoutMs = 0 } = target;
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: poolWaitMs,
    // A peer that vanished (host down, network cut) is noticed on an idle connection too, not only on the next query.
    keepAlive: true,
    ...(lockTimeoutMs > 0 && { lock_timeout: lockTimeoutMs }),
    ...(idleTransactionTimeoutMs > 0 && { idle_in_transaction_session_timeout: idleTransactionTimeoutMs }),
  });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  // Nor a client in use (PostgreSQL restarted, a failover, the session terminated): its query fails, which the
  // caller sees and answers (server/errors.ts: 503), but the client also emits 'error', fatal with no listener.
  // The pool drops it on release, as it is no longer queryable.
  pool.on('connect', (client) => client.on('error', () => {}));
  const client = await pool.connect().catch(async (error: unknown) => {
    await pool.end();
    throw error;
  });
  try {
    // An instance starting beside another waits for its migrations however long they take.
    await client.query('SET lock_timeout = 0');
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await migratePg(drizzlePg({ client, schema, casing: 'snake_case' }), { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    await client.query('RESET lock_timeout').catch(() => {});
    client.release();
  }
  const db = drizzlePg({ client: pool, schema, casing: 'snake_case' });
  return {
    kind: 'postgres',
    db: db as unknown as Executor,
    ping: () => ping(db as unknown as Executor),
    close: () => pool.end(),
  };
}

async function openPglite(dir: string | undefined, snapshot?: Blob): Promise<Database> {
  if (!dir) return startPglite(new PGlite(snapshot ? { loadDataDir: snapshot } : {}), () => {});
  mkdirSync(dir, { recursive: true });
  const release = lockFolder(resolve(dir));
  try {
    return await startPglite(new PGlite(join(dir)), release);
  } catch (error) {
    release();
    throw error;
  }
}

/** Migrates the database and wraps it; `release` runs once it is closed. */
async function startPglite(client: PGlite, release: () => void): Promise<Database> {
  await client.waitReady;
  const db = drizzlePglite({ client, schema, casing: 'snake_case' });
  await migratePglite(db, { migrationsFolder: MIGRATIONS_FOLDER });
  // PGlite runs one statement at a time and queues the rest, so the same code is correct on it, just serial.
  return {
    kind: 'pglite',
    db: db as unknown as Executor,
    ping: () => ping(db as unknown as Executor),
    close: async () => {
      await client.close();
      release();
    },
    dump: () => client.dumpDataDir('none'),
  };
}

async function ping(db: Executor): Promise<boolean> {
  try {
    await db.execute(sql`SELECT 1`);
    return true;
  } catch {
    return false;
  }
}
