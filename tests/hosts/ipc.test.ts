// The IPC host's registration loop and change subscription, driven through a stand-in for Electron's ipcMain (Electron cannot load here).
import { EventEmitter } from 'node:events';
import type { IpcMainInvokeEvent } from 'electron';
import { describe, expect, it } from 'vitest';
import { BoothChangeEvent } from '../../src/shared/contract';
import { CHANGE_CHANNEL, CHANGE_END_CHANNEL, SUBSCRIBE_CHANNEL, UNSUBSCRIBE_CHANNEL, registerBoothIpc, registerChangeIpc } from '../../src/main/ipc';
import { createChangeFeed } from '../../src/main/rpc/changes';
import { createDispatcher } from '../../src/main/rpc/dispatch';
import type { SessionResolver } from '../../src/main/rpc/types';
import { fakeIpcMain } from './fake-ipc';
import { attendant, captureLogger, sessions, tinyContract, tinyHandlers } from './fixtures';

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

describe('IPC change subscription', () => {
  function setup() {
    const fake = fakeIpcMain();
    const events = new EventEmitter();
    const live = new Map([['tok-att', attendant]]);
    const resolver: SessionResolver = { resolve: (t) => (t ? (live.get(t) ?? null) : null) };
    const feed = createChangeFeed(events, createDispatcher(tinyContract, tinyHandlers().handlers, resolver), captureLogger());
    registerChangeIpc(fake.ipcMain, feed, trusted);
    return { fake, events, live };
  }
  const flush = () => new Promise((r) => setTimeout(r, 0));

  it('sends the contract-shaped events to a signed-in window only, on its subscription, until it unsubscribes', async () => {
    const { fake, events } = setup();
    expect(await fake.invoke(SUBSCRIBE_CHANNEL, true, 1, null)).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(await fake.invoke(SUBSCRIBE_CHANNEL, true, 2, 'tok-nobody')).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(await fake.invoke(SUBSCRIBE_CHANNEL, false, 3, 'tok-att')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    events.emit('change', { kind: 'bay', lot_id: 'L1', bay_id: 'B7' });
    await flush();
    expect(fake.window.sent).toEqual([]); // nobody signed in has subscribed

    expect(await fake.invoke(SUBSCRIBE_CHANNEL, true, 4, 'tok-att')).toEqual({ ok: true, output: null });
    events.emit('change', { kind: 'bay', lot_id: 'L1', bay_id: 'B7' });
    await flush();
    expect(fake.window.sent).toEqual([[CHANGE_CHANNEL, 4, { kind: 'bay', lot_id: 'L1', bay_id: 'B7', bay: null }]]);
    expect(BoothChangeEvent.parse(fake.window.sent[0]![2])).toBeTruthy();

    await fake.invoke(UNSUBSCRIBE_CHANNEL, true, 4);
    events.emit('change', { kind: 'floor', lot_id: 'L1' });
    await flush();
    expect(fake.window.sent).toHaveLength(1);
  });

  it('ends the subscription when the session ends or the window closes', async () => {
    const { fake, events, live } = setup();
    await fake.invoke(SUBSCRIBE_CHANNEL, true, 1, 'tok-att');
    live.delete('tok-att'); // signed out
    events.emit('change', { kind: 'floor', lot_id: 'L1' });
    await flush();
    expect(fake.window.sent).toEqual([[CHANGE_END_CHANNEL, 1]]);

    live.set('tok-att', attendant);
    await fake.invoke(SUBSCRIBE_CHANNEL, true, 2, 'tok-att');
    fake.window.destroy();
    events.emit('change', { kind: 'floor', lot_id: 'L1' });
    await flush();
    expect(fake.window.sent).toHaveLength(1);
  });
});
