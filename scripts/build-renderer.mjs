// Builds only the renderer into out/renderer (what the browser-kiosk web host serves), with the same settings as
// the renderer section of electron.vite.config.ts. `npm run build` builds all three bundles.
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { build } from 'vite';
import react from '@vitejs/plugin-react';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export async function buildRenderer({ quiet = false } = {}) {
  await build({
    root: resolve(root, 'src/renderer'),
    base: './',
    configFile: false,
    logLevel: quiet ? 'warn' : 'info',
    plugins: [react()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      emptyOutDir: true,
      rollupOptions: { input: { index: resolve(root, 'src/renderer/index.html') } },
    },
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildRenderer();
}
