/**
 * The Electron host of the contract: ONE loop registers every entry as `ipcMain.handle('booth:<name>')`. It takes
 * ipcMain as a parameter (index.ts passes the real one) so tests can check the registration without Electron.
 */
import type { IpcMainInvokeEvent } from 'electron';
import type { RpcReply } from '../shared/contract/reply';
import { CHANNEL_PREFIX } from '../preload/channels';
import type { Dispatcher } from './rpc/dispatch';

export { CHANGE_CHANNEL, CHANNEL_PREFIX } from '../preload/channels';

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

/** Decides whether a call comes from our own renderer's top frame (not an iframe, not a navigated-away page). */
export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

const refused: RpcReply = { ok: false, error: { code: 'forbidden', message: 'Calls are accepted from the booth window only.' } };

/** Registers every contract entry; returns a function that removes them again. */
export function registerBoothIpc(ipcMain: IpcMainLike, dispatcher: Dispatcher, isTrustedSender: SenderCheck): () => void {
  const registered = new Set<string>();
  for (const name of dispatcher.names) {
    const channel = CHANNEL_PREFIX + name;
    if (registered.has(channel)) throw new Error(`booth call registered twice: ${name}`);
    registered.add(channel);
    ipcMain.handle(channel, async (event, input, token): Promise<RpcReply> => {
      if (!isTrustedSender(event)) return refused;
      return dispatcher.dispatch(name, input, typeof token === 'string' ? token : null);
    });
  }
  return () => {
    for (const channel of registered) ipcMain.removeHandler(channel);
  };
}
