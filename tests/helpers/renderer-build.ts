// End-to-end tests serve out/renderer. `npm test` builds it first; when run alone, rebuild it if it is missing
// or older than the renderer's sources, so a test never drives a stale bundle.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = process.cwd();
export const rendererDir = join(root, 'out', 'renderer');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

export function ensureRendererBuilt(): string {
  const index = join(rendererDir, 'index.html');
  const sources = Math.max(newestMtime(join(root, 'src', 'renderer')), newestMtime(join(root, 'src', 'shared')));
  if (!existsSync(index) || statSync(index).mtimeMs < sources) {
    const r = spawnSync(process.execPath, [join(root, 'scripts', 'build-renderer.mjs')], { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } });
    if (r.status !== 0) throw new Error(`renderer build failed:\n${r.stdout}\n${r.stderr}`);
  }
  return rendererDir;
}
