/**
 * A fresh central database per test file. With DATABASE_URL: CREATE DATABASE parkpass_test_<random> on that
 * server (dropped on close). Always also: an in-memory PGlite. `backends()` lists what this machine offers,
 * so a suite can `describe.each(backends())` and run against both.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, openDatabase } from '../../server/db';

export type Backend = 'postgres' | 'pglite';

export function backends(): Backend[] {
  return process.env.DATABASE_URL ? ['postgres', 'pglite'] : ['pglite'];
}

export function postgresAvailable(): boolean {
  return Boolean(process.env.DATABASE_URL);
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase extends Database {
  /** The database's URL (postgres only), for a second pool or a psql check. */
  url?: string;
}

export async function openTestDatabase(backend: Backend, poolSize = 10): Promise<TestDatabase> {
  if (backend === 'pglite') return openDatabase({ memory: true });
  const name = `parkpass_test_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), poolSize });
  return {
    ...database,
    url: url.toString(),
    async close() {
      await database.close();
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
