/**
 * The Electron host of the contract: ONE loop registers every entry as `ipcMain.handle('booth:<name>')`. It takes
 * ipcMain as a parameter (index.ts passes the real one) so tests can check the registration without Electron.
 */
import type { IpcMainInvokeEvent } from 'electron';
import type { RpcReply } from '../shared/contract/reply';
import { CHANGE_CHANNEL, CHANGE_END_CHANNEL, CHANNEL_PREFIX, SUBSCRIBE_CHANNEL, UNSUBSCRIBE_CHANNEL } from '../preload/channels';
import type { ChangeFeed } from './rpc/changes';
import type { Dispatcher } from './rpc/dispatch';

export { CHANGE_CHANNEL, CHANGE_END_CHANNEL, CHANNEL_PREFIX, SUBSCRIBE_CHANNEL, UNSUBSCRIBE_CHANNEL } from '../preload/channels';

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

const signedOut: RpcReply = { ok: false, error: { code: 'unauthenticated', message: 'Sign in first: booth changes need a staff session.' } };

/**
 * Booth changes over IPC, like the web host's `GET /events`: our window subscribes with its session token and gets
 * the same BoothChangeEvents (bay states included) until it unsubscribes, closes, or the session ends. A window
 * that is not signed in gets nothing. Subscriptions are numbered by the window, so two in one page stay apart.
 */
export function registerChangeIpc(ipcMain: IpcMainLike, feed: ChangeFeed, isTrustedSender: SenderCheck): () => void {
  const windows = new Map<number, Map<number, () => void>>(); // webContents id → subscription id → unsubscribe
  const stop = (windowId: number, id: unknown) => typeof id === 'number' && windows.get(windowId)?.get(id)?.();

  ipcMain.handle(SUBSCRIBE_CHANNEL, (event, id, token): RpcReply => {
    if (!isTrustedSender(event)) return refused;
    if (typeof id !== 'number') return { ok: false, error: { code: 'invalid_input', message: 'A subscription id is a number.' } };
    const { sender } = event;
    stop(sender.id, id);
    const alive = () => !sender.isDestroyed();
    const off = feed.subscribe(typeof token === 'string' ? token : null, {
      send: (change) => alive() && sender.send(CHANGE_CHANNEL, id, change),
      end: () => {
        windows.get(sender.id)?.delete(id);
        if (alive()) sender.send(CHANGE_END_CHANNEL, id);
      },
    });
    if (!off) return signedOut;
    let subs = windows.get(sender.id);
    if (!subs) {
      windows.set(sender.id, (subs = new Map()));
      const senderId = sender.id;
      sender.once('destroyed', () => {
        for (const unsubscribe of windows.get(senderId)?.values() ?? []) unsubscribe();
        windows.delete(senderId);
      });
    }
    subs.set(id, () => (off(), windows.get(sender.id)?.delete(id)));
    return { ok: true, output: null };
  });
  ipcMain.handle(UNSUBSCRIBE_CHANNEL, (event, id): RpcReply => {
    stop(event.sender.id, id);
    return { ok: true, output: null };
  });
  return () => {
    for (const subs of windows.values()) for (const unsubscribe of [...subs.values()]) unsubscribe();
    windows.clear();
    ipcMain.removeHandler(SUBSCRIBE_CHANNEL);
    ipcMain.removeHandler(UNSUBSCRIBE_CHANNEL);
  };
}
