import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const JOURNAL = join('meta', '_journal.json');

/**
 * Where the booth's migrations are. An explicit folder wins (the packaged app passes
 * `process.resourcesPath/migrations/booth`, or PARKPASS_BOOTH_MIGRATIONS); otherwise we walk up from this file
 * (source in dev and tests, or the bundle in out/main) and from the working directory until
 * `db/booth/migrations` appears, so the result does not depend on how the code was started.
 */
export function resolveMigrationsFolder(explicit?: string): string {
  const wanted = explicit ?? process.env.PARKPASS_BOOTH_MIGRATIONS;
  if (wanted) {
    if (!existsSync(join(wanted, JOURNAL))) throw new Error(`No booth migrations in ${wanted} (missing ${JOURNAL})`);
    return resolve(wanted);
  }
  const starts = [dirname(fileURLToPath(import.meta.url)), process.cwd()];
  for (const start of starts) {
    let dir = start;
    for (;;) {
      const candidate = join(dir, 'db', 'booth', 'migrations');
      if (existsSync(join(candidate, JOURNAL))) return candidate;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  throw new Error('Cannot find db/booth/migrations; pass migrationsFolder or set PARKPASS_BOOTH_MIGRATIONS');
}
