// Stands in for Electron's ipcMain (Electron cannot load here): handle/removeHandler, and invoking a channel.
import type { IpcMainInvokeEvent } from 'electron';
import type { IpcMainLike } from '../../src/main/ipc';

type Listener = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

/** Behaves like ipcMain for handle/removeHandler, including refusing a second handler on one channel. */
export function fakeIpcMain() {
  const handlers = new Map<string, Listener>();
  const ipcMain: IpcMainLike = {
    handle(channel, listener) {
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, listener);
    },
    removeHandler: (channel) => void handlers.delete(channel),
  };
  const invoke = (channel: string, trusted: boolean, ...args: unknown[]) =>
    handlers.get(channel)!({ trusted, sender: window.sender } as unknown as IpcMainInvokeEvent, ...args);
  const window = fakeWindow(1);
  return { ipcMain, handlers, invoke, window };
}

/** A stand-in for the window's webContents: records what main sends it; `destroy()` closes it. */
export function fakeWindow(id: number) {
  const sent: Array<[string, ...unknown[]]> = [];
  const onDestroyed: Array<() => void> = [];
  let destroyed = false;
  const sender = {
    id,
    send: (channel: string, ...args: unknown[]) => void sent.push([channel, ...args]),
    isDestroyed: () => destroyed,
    once: (event: string, listener: () => void) => void (event === 'destroyed' && onDestroyed.push(listener)),
  };
  return {
    sender,
    sent,
    destroy() {
      destroyed = true;
      for (const l of onDestroyed.splice(0)) l();
    },
  };
}

