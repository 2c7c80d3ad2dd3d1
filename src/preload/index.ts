/**
 * The only bridge between the sandboxed renderer and the main process: one function per contract entry (built from
 * the entry names) and a change subscription. ipcRenderer itself is never exposed.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { entryNames } from '../shared/contract';
import type { BoothChangeEvent, BridgeCalls, ParkpassBridge } from './api';
import { CHANGE_CHANNEL, CHANNEL_PREFIX } from './channels';

const calls = Object.fromEntries(
  entryNames.map((name) => [name, (input: unknown, token: string | null) => ipcRenderer.invoke(CHANNEL_PREFIX + name, input, token)]),
) as unknown as BridgeCalls;

const bridge: ParkpassBridge = {
  calls,
  onChange(listener) {
    const relay = (_event: IpcRendererEvent, change: BoothChangeEvent) => listener(change);
    ipcRenderer.on(CHANGE_CHANNEL, relay);
    return () => void ipcRenderer.removeListener(CHANGE_CHANNEL, relay);
  },
};

contextBridge.exposeInMainWorld('parkpass', bridge);
