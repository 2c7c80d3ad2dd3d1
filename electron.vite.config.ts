import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// Three bundles: the Electron main process (shell + booth core), the preload bridge, and the React renderer.
// The renderer bundle is also what the browser-kiosk web host serves.
export default defineConfig({
  main: {
    build: {
      // node_modules stay external in main (better-sqlite3 is native); electron-builder ships them.
      externalizeDeps: true,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/main/index.ts') },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can require only 'electron' and a few built-ins, so everything it uses (zod, for the
      // contract's entry names) is bundled into the one file.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [react()],
    build: {
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
  },
});
