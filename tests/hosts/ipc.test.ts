// The IPC host's registration loop, driven through a stand-in for Electron's ipcMain (Electron cannot load here).
import type { IpcMainInvokeEvent } from 'electron';
import { describe, expect, it } from 'vitest';
import { registerBoothIpc } from '../../src/main/ipc';
import { createDispatcher } from '../../src/main/rpc/dispatch';
import { fakeIpcMain } from './fake-ipc';
import { sessions, tinyContract, tinyHandlers } from './fixtures';

const trusted = (event: IpcMainInvokeEvent) => (event as unknown as { trusted: boolean }).trusted;

describe('IPC host registration', () => {
  it('registers one channel per contract entry and answers the same replies as the dispatcher', async () => {
    const fake = fakeIpcMain();
    const tiny = tinyHandlers();
    registerBoothIpc(fake.ipcMain, createDispatcher(tinyContract, tiny.handlers, sessions), trusted);
    expect([...fake.handlers.keys()]).toEqual(Object.keys(tinyContract).map((n) => `booth:${n}`));
    expect(await fake.invoke('booth:note.add', true, { text: 'hi', count: 2 }, 'tok-att')).toEqual({ ok: true, output: { id: 1, by: 'st-att' } });
    expect(await fake.invoke('booth:note.add', true, { text: 'hi', count: 2 }, null)).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(await fake.invoke('booth:note.add', true, { text: '' }, 'tok-att')).toMatchObject({ ok: false, error: { code: 'invalid_input', fields: { text: expect.any(String), count: expect.any(String) } } });
  });

  it('refuses calls from any frame but our own window, without running the handler', async () => {
    const fake = fakeIpcMain();
    const tiny = tinyHandlers();
    registerBoothIpc(fake.ipcMain, createDispatcher(tinyContract, tiny.handlers, sessions), trusted);
    expect(await fake.invoke('booth:note.add', false, { text: 'x', count: 1 }, 'tok-att')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(tiny.calls).toEqual([]);
  });

  it('fails loudly when the entries are registered twice, and can unregister them', () => {
    const fake = fakeIpcMain();
    const d = createDispatcher(tinyContract, tinyHandlers().handlers, sessions);
    const unregister = registerBoothIpc(fake.ipcMain, d, trusted);
    expect(() => registerBoothIpc(fake.ipcMain, d, trusted)).toThrow(/second handler/);
    unregister();
    expect(fake.handlers.size).toBe(0);
  });
});
