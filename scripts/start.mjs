// `npm start`: the booth in Electron when its runtime is installed, otherwise the same app in browser-kiosk mode
// on http://127.0.0.1:4310. `npm run booth:web` (`--web`) asks for browser-kiosk mode explicitly.
// Electron is detected from the files its installer leaves, never by require('electron'): that call tries to
// download the runtime, which is not possible on every machine.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);

function electronRuntime() {
  const pkg = join(root, 'node_modules', 'electron');
  const pathTxt = join(pkg, 'path.txt');
  if (!existsSync(pathTxt)) return null;
  const exe = join(pkg, 'dist', readFileSync(pathTxt, 'utf8').trim());
  return existsSync(exe) ? exe : null;
}

/** Runs a child with our stdio; forwards SIGINT/SIGTERM so the booth closes its database cleanly. */
function run(cmd, args, env = process.env) {
  const child = spawn(cmd, args, { stdio: 'inherit', env, cwd: root });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

function buildOrExit(args) {
  const r = spawnSync(args[0], args.slice(1), { stdio: 'inherit', cwd: root });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const wantWeb = process.argv.includes('--web');
const electron = wantWeb ? null : electronRuntime();

if (electron) {
  buildOrExit([bin('electron-vite'), 'build']);
  run(electron, [root]);
} else {
  if (!wantWeb) {
    console.log(`Electron runtime is missing (node_modules/electron/dist); serving the same booth app in browser-kiosk mode on http://127.0.0.1:${process.env.PARKPASS_WEB_PORT ?? 4310} instead.`);
  }
  if (!existsSync(join(root, 'out', 'renderer', 'index.html'))) {
    const { buildRenderer } = await import('./build-renderer.mjs');
    await buildRenderer({ quiet: true });
  }
  run(bin('tsx'), [join(root, 'src', 'main', 'web-main.ts')]);
  if (process.env.PARKPASS_KIOSK === '1') await openKiosk(`http://127.0.0.1:${process.env.PARKPASS_WEB_PORT ?? 4310}`);
}

/** PARKPASS_KIOSK=1: once the booth answers, open it full-screen in Chromium (the browser-kiosk mode). */
async function openKiosk(url) {
  const browser = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => p && existsSync(p));
  if (!browser) return console.log(`PARKPASS_KIOSK=1 but no Chromium found (set CHROMIUM_PATH); open ${url} yourself.`);
  for (let i = 0; i < 100; i++) {
    const up = await fetch(`${url}/rpc`).then((r) => r.ok, () => false);
    if (up) {
      spawn(browser, ['--kiosk', `--app=${url}`, '--no-first-run', '--disable-sync', '--disable-translate'], { stdio: 'ignore', detached: true }).unref();
      return;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  console.log(`The booth did not answer on ${url}; not opening the kiosk window.`);
}
