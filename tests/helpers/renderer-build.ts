// End-to-end tests serve out/renderer. `npm test` builds it first; when run alone, rebuild it if it is missing
// or older than the renderer's sources, so a test never drives a stale bundle.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
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

function stale(): boolean {
  const index = join(rendererDir, 'index.html');
  const sources = Math.max(newestMtime(join(root, 'src', 'renderer')), newestMtime(join(root, 'src', 'shared')));
  return !existsSync(index) || statSync(index).mtimeMs < sources;
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

export function ensureRendererBuilt(): string {
  if (!stale()) return rendererDir;
  // Test files run in parallel workers: one builds (mkdir is the lock), the others wait and use its build.
  const lock = join(root, 'out', '.renderer-build.lock');
  mkdirSync(join(root, 'out'), { recursive: true });
  for (let waited = 0; ; waited += 200) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (waited > 120_000) rmSync(lock, { recursive: true, force: true }); // a crashed builder left it
      sleep(200);
    }
  }
  try {
    if (stale()) {
      const r = spawnSync(process.execPath, [join(root, 'scripts', 'build-renderer.mjs')], { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } });
      if (r.status !== 0) throw new Error(`renderer build failed:\n${r.stdout}\n${r.stderr}`);
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
  return rendererDir;
}
