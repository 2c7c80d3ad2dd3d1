/**
 * `npm run bench`: runs every benchmark suite in this folder, prints one table and writes bench-results.json at the
 * repository root. Run one suite with `npm run bench -- booth` (names: the files' base names).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Figure } from './figure';

// The suites measure real PostgreSQL (each makes and drops its own database). Set before any suite is imported:
// the sync helpers choose their backend at import, and the sync bench's API process must share the database.
process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';

const here = dirname(fileURLToPath(import.meta.url));
const suites = ['booth', 'api', 'ui', 'sync'];
const only = process.argv.slice(2);

const results: Array<Figure & { suite: string }> = [];
for (const suite of suites) {
  if (only.length > 0 && !only.includes(suite)) continue;
  const file = join(here, `${suite}.ts`);
  if (!existsSync(file)) continue;
  console.log(`\n▶ ${suite}`);
  const mod = (await import(pathToFileURL(file).href)) as { run: () => Promise<Figure[]> };
  const figures = await mod.run();
  for (const f of figures) results.push({ suite, ...f });
}

const rows = results.map((r) => ({
  suite: r.suite,
  figure: r.name,
  value: Number.isInteger(r.value) ? r.value : Number(r.value.toPrecision(4)),
  unit: r.unit,
  goal: r.goal ?? '',
  met: r.met === null ? '' : r.met ? 'yes' : 'NO',
}));
console.log();
console.table(rows);
const out = join(here, '..', '..', 'bench-results.json');
writeFileSync(out, JSON.stringify({ at: new Date().toISOString(), node: process.version, figures: results }, null, 2));
console.log(`figures written to ${out}`);
