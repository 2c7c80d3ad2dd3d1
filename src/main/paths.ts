import { dirname, join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The booth's data folder: PARKPASS_DATA_DIR when set; otherwise `<Electron userData>/booth` in the desktop app,
 * or `./data/booth` (from the working directory) in browser-kiosk mode.
 */
export function resolveDataDir(env: NodeJS.ProcessEnv = process.env, electronUserData?: string): string {
  if (env.PARKPASS_DATA_DIR) return resolve(env.PARKPASS_DATA_DIR);
  if (electronUserData) return join(electronUserData, 'booth');
  return resolve('data', 'booth');
}

/** The repository root, found by walking up from this file (source under tsx, or the bundle in out/main). */
export function projectRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'src', 'renderer'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

/** The built renderer that the web host serves (`electron-vite build` writes it). */
export function rendererDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.PARKPASS_RENDERER_DIR ? resolve(env.PARKPASS_RENDERER_DIR) : join(projectRoot(), 'out', 'renderer');
}
