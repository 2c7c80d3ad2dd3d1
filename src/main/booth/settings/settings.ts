import type Database from 'better-sqlite3';

/** Booth-wide key/value settings (booth id and name, the booth's pass-signing key, ...). */
export function getSetting(sqlite: Database.Database, key: string): string | null {
  const row = sqlite.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value ?? null;
}

export function setSetting(sqlite: Database.Database, key: string, value: string, now: number): void {
  sqlite
    .prepare(
      'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
    )
    .run(key, value, now);
}

/** Reads a setting, creating it with `make()` the first time (in one transaction, so two starts agree). */
export function ensureSetting(sqlite: Database.Database, key: string, make: () => string, now: number): string {
  return sqlite
    .transaction(() => {
      const existing = getSetting(sqlite, key);
      if (existing !== null) return existing;
      const value = make();
      setSetting(sqlite, key, value, now);
      return value;
    })
    .immediate();
}
