// The embedded PostgreSQL (PGlite, `npm run server` without DATABASE_URL) has no locking of its own: a second API
// process on the same folder would corrupt it. The folder is locked; a lock left by a dead process is taken over.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db';
import { FolderInUseError } from '../../server/db/folder-lock';
import { apiEnv, spawnApi } from '../helpers/api-process';

const root = mkdtempSync(join(tmpdir(), 'pp-embedded-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The pid of a process that has already exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

describe('embedded database folder lock', () => {
  it('refuses a second opener while the first holds the folder, and lets it in once closed', async () => {
    const folder = join(root, 'one');
    const first = await openDatabase({ pgliteDir: folder });
    await expect(openDatabase({ pgliteDir: folder })).rejects.toThrow(FolderInUseError);
    await first.db.execute(sql`CREATE TABLE kept (n int)`);
    await first.close();
    expect(existsSync(`${folder}.lock`)).toBe(false);
    const second = await openDatabase({ pgliteDir: folder });
    await second.db.execute(sql`INSERT INTO kept VALUES (1)`);
    await second.close();
  });

  it('takes over a lock left by a process that died', async () => {
    const folder = join(root, 'crashed');
    writeFileSync(`${folder}.lock`, String(await deadPid()));
    const database = await openDatabase({ pgliteDir: folder });
    await database.close();
  });

  it('a second `npm run server` on the same data folder stops with a message naming the first', async () => {
    const dataDir = join(root, 'server');
    const env = apiEnv({ PARKPASS_DATA_DIR: dataDir });
    const first = spawnApi(env);
    try {
      await first.printed('ParkPass API ready');
      const second = spawnApi(env);
      expect(await second.exited).toBe(1);
      expect(second.output()).toContain(`in use by another ParkPass API process (pid ${first.child.pid})`);
    } finally {
      first.child.kill('SIGTERM');
      expect(await first.exited).toBe(0);
    }
    expect(existsSync(join(dataDir, 'pg.lock'))).toBe(false);
  }, 60_000);
});
