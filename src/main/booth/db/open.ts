import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import * as schema from '../../../../db/booth/schema';
import { resolveMigrationsFolder } from './migrations-folder';

export type BoothOrm = BetterSQLite3Database<typeof schema>;
export interface BoothDb {
  sqlite: Database.Database;
  orm: BoothOrm;
  file: string;
}

export interface OpenDbOptions {
  migrationsFolder?: string;
  logger?: { warn(o: object | string, msg?: string): void };
  now?: () => number;
}

/** Thrown when the file was written by a newer app: we must not touch it (a downgrade would lose data). */
export class DatabaseTooNewError extends Error {
  constructor(file: string, applied: number, known: number) {
    super(
      `The booth database ${file} was created by a newer version of ParkPass Booth ` +
        `(schema ${new Date(applied).toISOString()}, this app knows up to ${new Date(known).toISOString()}). ` +
        'Install the newer version, or point PARKPASS_DATA_DIR at another folder.',
    );
    this.name = 'DatabaseTooNewError';
  }
}

const UNREADABLE = new Set(['SQLITE_NOTADB', 'SQLITE_CORRUPT']);

function configure(sqlite: Database.Database): void {
  sqlite.pragma('journal_mode = WAL');
  // Under WAL, NORMAL skips the fsync at each commit but still appends every committed transaction to the WAL
  // file before COMMIT returns. A killed process therefore loses nothing committed (the OS owns the written
  // pages); only a power cut or OS crash can drop the last few commits, and even then the database stays
  // consistent because the WAL is replayed only up to its last valid commit frame.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  // Checkpoints normally run when the booth is quiet (checkpointer.ts); this backstop bounds the WAL (~40 MB)
  // under sustained load, where 1 commit in several hundred pays for a checkpoint instead of 1 in 40.
  sqlite.pragma('wal_autocheckpoint = 10000');
  // Reading the schema forces SQLite to parse the header, so a garbage file fails here, not mid-shift.
  sqlite.prepare('SELECT count(*) FROM sqlite_master').get();
}

function moveAside(file: string, now: number): string {
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  const target = `${file}.corrupt-${stamp}`;
  renameSync(file, target);
  // The WAL and shared-memory files belong to the old database; replaying them into a fresh one would be wrong.
  for (const side of ['-wal', '-shm']) if (existsSync(file + side)) renameSync(file + side, target + side);
  return target;
}

function refuseIfNewer(sqlite: Database.Database, file: string, migrationsFolder: string): void {
  const table = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'").get();
  if (!table) return;
  const row = sqlite.prepare('SELECT max(created_at) AS last FROM __drizzle_migrations').get() as { last: number | null };
  const known = readMigrationFiles({ migrationsFolder }).reduce((m, x) => Math.max(m, x.folderMillis), 0);
  if (row.last !== null && Number(row.last) > known) throw new DatabaseTooNewError(file, Number(row.last), known);
}

/**
 * Opens (or creates) the booth database: WAL, busy timeout, foreign keys, bundled migrations applied. A file
 * SQLite cannot read is moved aside as `<name>.corrupt-<timestamp>` (never deleted) and a fresh one is started;
 * a file from a newer app is refused with DatabaseTooNewError.
 */
export function openDb(file: string, options: OpenDbOptions = {}): BoothDb {
  const migrationsFolder = resolveMigrationsFolder(options.migrationsFolder);
  mkdirSync(dirname(file), { recursive: true });
  let sqlite = new Database(file);
  try {
    configure(sqlite);
  } catch (err) {
    sqlite.close();
    const code = (err as { code?: string }).code ?? '';
    if (!UNREADABLE.has(code)) throw err;
    const aside = moveAside(file, (options.now ?? Date.now)());
    options.logger?.warn({ file, moved_to: aside, error: String(err) }, 'booth database unreadable: moved aside, starting fresh');
    sqlite = new Database(file);
    configure(sqlite);
  }
  try {
    refuseIfNewer(sqlite, file, migrationsFolder);
    const orm = drizzle(sqlite, { schema });
    migrate(orm, { migrationsFolder });
    return { sqlite, orm, file };
  } catch (err) {
    sqlite.close();
    throw err;
  }
}
