/**
 * The only bridge between the sandboxed renderer and the main process: one function per contract entry (built from
 * the entry names) and a session-bound change subscription. ipcRenderer itself is never exposed.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { entryNames } from '../shared/contract';
import type { RpcReply } from '../shared/contract/reply';
import type { BoothChangeEvent, BridgeCalls, ParkpassBridge } from './api';
import { CHANGE_CHANNEL, CHANGE_END_CHANNEL, CHANNEL_PREFIX, SUBSCRIBE_CHANNEL, UNSUBSCRIBE_CHANNEL } from './channels';

const calls = Object.fromEntries(
  entryNames.map((name) => [name, (input: unknown, token: string | null) => ipcRenderer.invoke(CHANNEL_PREFIX + name, input, token)]),
) as unknown as BridgeCalls;

let nextSubscription = 0;

const bridge: ParkpassBridge = {
  calls,
  onChange(token, listener, onEnd) {
    const id = ++nextSubscription;
    let open = true;
    const relay = (_event: IpcRendererEvent, sub: number, change: BoothChangeEvent) => open && sub === id && listener(change);
    const ended = (_event: IpcRendererEvent, sub: number) => sub === id && close(true);
    function close(byMain: boolean): void {
      if (!open) return;
      open = false;
      ipcRenderer.removeListener(CHANGE_CHANNEL, relay);
      ipcRenderer.removeListener(CHANGE_END_CHANNEL, ended);
      if (byMain) onEnd();
      else void ipcRenderer.invoke(UNSUBSCRIBE_CHANNEL, id);
    }
    ipcRenderer.on(CHANGE_CHANNEL, relay);
    ipcRenderer.on(CHANGE_END_CHANNEL, ended);
    void (ipcRenderer.invoke(SUBSCRIBE_CHANNEL, id, token) as Promise<RpcReply>).then((reply) => !reply.ok && close(true));
    return () => close(false);
  },
};

contextBridge.exposeInMainWorld('parkpass', bridge);
