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
    handlers.get(channel)!({ trusted } as unknown as IpcMainInvokeEvent, ...args);
  return { ipcMain, handlers, invoke };
}

