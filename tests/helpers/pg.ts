/**
 * A fresh central database per test file. With DATABASE_URL: CREATE DATABASE parkpass_test_<random> on that
 * server (dropped on close). Always also: an in-memory PGlite. `backends()` lists what this machine offers,
 * so a suite can `describe.each(backends())` and run against both.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type Database, MIGRATIONS_FOLDER, openDatabase } from '../../server/db';

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

/**
 * PGlite's initdb costs seconds per start; a migrated database dumped once (per set of migrations) and loaded
 * by every later test file costs about a third of that. Keyed by the migrations' content, so a new migration
 * makes a new snapshot.
 */
function snapshotFile(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const name of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, name.name);
      if (name.isDirectory()) walk(path);
      else hash.update(name.name).update(readFileSync(path));
    }
  };
  walk(MIGRATIONS_FOLDER);
  return join(tmpdir(), `parkpass-pglite-${hash.digest('hex').slice(0, 16)}.tar`);
}

async function openPgliteFromSnapshot(): Promise<Database> {
  const file = snapshotFile();
  if (existsSync(file)) {
    try {
      return await openDatabase({ memory: true, snapshot: new Blob([readFileSync(file)]) });
    } catch {
      // A damaged snapshot: fall through and make a fresh one.
    }
  }
  const database = await openDatabase({ memory: true });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(tmp, Buffer.from(await (await database.dump!()).arrayBuffer()));
  renameSync(tmp, file);
  return database;
}

export async function openTestDatabase(backend: Backend, poolSize = 10): Promise<TestDatabase> {
  if (backend === 'pglite') return openPgliteFromSnapshot();
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
