/**
 * The Electron shell, kept thin: one booth window (sandboxed, context-isolated, no Node), the contract over IPC,
 * booth changes sent to the signed-in window. Everything else lives in the booth core, tested under plain Node.
 */
import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, session, type IpcMainInvokeEvent } from 'electron';
import { contract } from '../shared/contract';
import { openBooth, type Booth } from './booth';
import { registerBoothIpc, registerChangeIpc } from './ipc';
import { resolveDataDir } from './paths';
import { createChangeFeed } from './rpc/changes';
import { createDispatcher } from './rpc/dispatch';
import { consoleLogger } from './rpc/types';

const devUrl = process.env.ELECTRON_RENDERER_URL;
const rendererFile = join(__dirname, '../renderer/index.html');

let win: BrowserWindow | null = null;
let booth: Booth | null = null;

/** Our page: the dev server in development, the bundled index.html otherwise. */
function isOurPage(url: string): boolean {
  if (devUrl) return url.startsWith(devUrl);
  try {
    const u = new URL(url);
    return u.protocol === 'file:' && decodeURIComponent(u.pathname).endsWith('/renderer/index.html');
  } catch {
    return false;
  }
}

function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return !!win && event.sender === win.webContents && !!frame && frame.parent === null && isOurPage(frame.url);
}

function createWindow(): BrowserWindow {
  const w = new BrowserWindow({
    width: 1280,
    height: 800,
    kiosk: process.env.PARKPASS_KIOSK === '1',
    autoHideMenuBar: true,
    backgroundColor: '#10151c',
    webPreferences: {
      preload: join(__dirname, '../preload/index.cjs'),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  w.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  w.webContents.on('will-navigate', (event, url) => {
    if (!isOurPage(url)) event.preventDefault();
  });
  if (devUrl) void w.loadURL(devUrl);
  else void w.loadFile(rendererFile);
  return w;
}

function start(): void {
  // The packaged app ships its migrations as extraResources (electron-builder.yml).
  if (app.isPackaged) process.env.PARKPASS_BOOTH_MIGRATIONS ??= join(process.resourcesPath, 'migrations', 'booth');
  try {
    booth = openBooth({ dataDir: resolveDataDir(process.env, app.getPath('userData')), seedDemo: !process.env.PARKPASS_API_URL });
  } catch (err) {
    // A database newer than the app, an unwritable folder…: tell the attendant, do not touch the data.
    dialog.showErrorBox('ParkPass Booth cannot start', err instanceof Error ? err.message : String(err));
    app.quit();
    return;
  }
  const dispatcher = createDispatcher(contract, booth.handlers, booth.sessions);
  registerBoothIpc(ipcMain, dispatcher, isTrustedSender);
  // Changes go only to a signed-in window that subscribed with its session (the same events as GET /events).
  registerChangeIpc(ipcMain, createChangeFeed(booth.events, dispatcher, consoleLogger), isTrustedSender);

  // The camera (QR scanning) is the one permission our own page may have.
  session.defaultSession.setPermissionRequestHandler((contents, permission, grant) => {
    grant(permission === 'media' && isOurPage(contents.getURL()));
  });
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  win = createWindow();
  win.on('closed', () => (win = null));
}

if (!app.requestSingleInstanceLock()) {
  // Two booth processes on one database would fight over it: the second one hands over to the first.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (win?.isMinimized()) win.restore();
    win?.focus();
  });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => booth?.close());
  void app.whenReady().then(start);
}
