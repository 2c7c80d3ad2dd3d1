// Placeholder Electron shell; the real window/IPC wiring lands with the booth foundation.
import { app, BrowserWindow } from 'electron';

app.whenReady().then(() => {
  const win = new BrowserWindow({ webPreferences: { sandbox: true, contextIsolation: true } });
  void win.loadURL('about:blank');
});
