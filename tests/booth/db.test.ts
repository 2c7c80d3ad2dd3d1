import Database from 'better-sqlite3';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DatabaseTooNewError, openDb } from '../../src/main/booth/db/open';
import { openBooth } from '../../src/main/booth';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'parkpass-db-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const quiet = { info() {}, warn() {} };

describe('opening the booth database', () => {
  it('creates the schema with WAL, foreign keys and a busy timeout, and reopens idempotently', () => {
    const file = join(tempDir(), 'booth.db');
    const db = openDb(file);
    expect(db.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.sqlite.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    const tables = (db.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['lots', 'bays', 'bookings', 'staff', 'shifts', 'booth_payments', 'audit_log', 'outbox', 'sync_state', 'settings', 'trusted_pass_keys', 'pin_attempts']));
    const applied = db.sqlite.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get();
    db.sqlite.close();
    const again = openDb(file);
    expect(again.sqlite.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get()).toEqual(applied);
    again.sqlite.close();
  });

  it('moves an unreadable file aside as <name>.corrupt-<timestamp> and starts fresh, with a log line', () => {
    const dir = tempDir();
    const file = join(dir, 'booth.db');
    writeFileSync(file, 'this is not a database '.repeat(200));
    const warnings: unknown[] = [];
    const booth = openBooth({ dataDir: dir, logger: { info() {}, warn: (o) => warnings.push(o) }, now: () => Date.UTC(2026, 0, 2, 3, 4, 5) });
    booth.close();
    const aside = readdirSync(dir).filter((f) => f.startsWith('booth.db.corrupt-'));
    expect(aside).toEqual(['booth.db.corrupt-2026-01-02T03-04-05-000Z']);
    expect(warnings).toHaveLength(1);
    const fresh = new Database(file);
    expect(fresh.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'bookings'").get()).toEqual({ n: 1 });
    fresh.close();
  });

  it('refuses a database written by a newer app, with a clear message, and leaves it untouched', () => {
    const dir = tempDir();
    const booth = openBooth({ dataDir: dir, logger: quiet });
    const file = booth.dbFile;
    booth.close();
    const raw = new Database(file);
    raw.prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)').run('from-the-future', 4_102_444_800_000);
    raw.close();
    expect(() => openBooth({ dataDir: dir, logger: quiet })).toThrow(DatabaseTooNewError);
    expect(() => openBooth({ dataDir: dir, logger: quiet })).toThrow(/newer version of ParkPass Booth/);
    expect(readdirSync(dir).some((f) => f.includes('corrupt'))).toBe(false);
    expect(existsSync(file)).toBe(true);
  });

  it('keeps the audit log append-only: UPDATE and DELETE fail in SQLite itself', async () => {
    const dir = tempDir();
    const booth = openBooth({ dataDir: dir, logger: quiet, seedDemo: true });
    await expect(booth.handlers['staff.signIn']({ staff_id: 'x', pin: '0000' }, { staff: null, session_token: null })).rejects.toThrow();
    const raw = new Database(booth.dbFile);
    expect((raw.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n).toBeGreaterThan(0);
    expect(() => raw.prepare("UPDATE audit_log SET kind = 'nothing'").run()).toThrow(/append-only/);
    expect(() => raw.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    raw.close();
    booth.close();
  });

  it('finds the migrations from an explicit folder and refuses a folder without them', () => {
    const dir = tempDir();
    expect(() => openDb(join(dir, 'x.db'), { migrationsFolder: dir })).toThrow(/No booth migrations/);
    const db = openDb(join(dir, 'y.db'), { migrationsFolder: join(process.cwd(), 'db', 'booth', 'migrations') });
    db.sqlite.close();
  });

  it('upgrades a database made by an older app, keeping its rows (each migration applies on top of the last)', () => {
    const dir = tempDir();
    const source = join(process.cwd(), 'db', 'booth', 'migrations');
    const older = join(dir, 'older');
    cpSync(source, older, { recursive: true });
    const journalFile = join(older, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: unknown[] };
    journal.entries = journal.entries.slice(0, 1);
    writeFileSync(journalFile, JSON.stringify(journal));
    const file = join(dir, 'booth.db');
    const old = openDb(file, { migrationsFolder: older });
    old.sqlite.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('booth.name', 'Old booth', 1)").run();
    old.sqlite.close();
    const now = openDb(file, { migrationsFolder: source });
    expect(now.sqlite.prepare("SELECT value FROM settings WHERE key = 'booth.name'").get()).toEqual({ value: 'Old booth' });
    const names = (now.sqlite.prepare("SELECT name FROM sqlite_master WHERE type IN ('index', 'trigger')").all() as { name: string }[]).map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(['audit_log_no_update', 'bays_lot_status_number_idx', 'pin_attempts_scope_ok_idx']));
    now.sqlite.close();
  });
});
