// The page's change stream (renderer transport over HTTP, run here under Node against the real web host) comes back
// by itself after the connection drops, and says so, so the floor grid re-reads what changed while it was down.
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { DEMO } from '../../src/main/booth';
import { serveDemoBooth, type ServedBooth } from './booth-host';
import { rpc } from './http';

// The renderer's transport is DOM-typed code (type-checked by tsconfig.web.json); a computed specifier keeps it out of
// this Node program's type-check, and the shape used here is spelled out instead.
const TRANSPORT = '../../src/renderer/src/client/transport';
interface Change {
  kind: string;
  bay_id: string | null;
  bay: { state: string } | null;
}
type HttpTransport = (base: string) => {
  changes(token: string, listener: (c: Change) => void, onEnd: () => void, onResync?: () => void): () => void;
};

let s: ServedBooth;
let manager: string;
const realFetch = globalThis.fetch;

beforeAll(async () => {
  s = await serveDemoBooth();
  const res = await rpc(s.host.url, 'staff.signIn', { staff_id: DEMO.staff.manager.id, pin: DEMO.staff.manager.pin });
  manager = (res.json() as { session_token: string }).session_token;
});
afterAll(async () => {
  globalThis.fetch = realFetch;
  await s.stop();
});

it('reconnects a dropped change stream, asks for a re-read once it is back (not on the first connect), and streams again', async () => {
  // The network drops the first /events connection a moment after it opens.
  let opened = 0;
  globalThis.fetch = (async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    if (!String(input).endsWith('/events')) return realFetch(input, init);
    const drop = new AbortController();
    init?.signal?.addEventListener('abort', () => drop.abort());
    if (++opened === 1) setTimeout(() => drop.abort(), 200);
    return realFetch(input, { ...init, signal: drop.signal });
  }) as typeof fetch;

  const { httpTransport } = (await import(TRANSPORT)) as { httpTransport: HttpTransport };
  const changes: Change[] = [];
  const onResync = vi.fn();
  const onEnd = vi.fn();
  const close = httpTransport(s.host.url).changes(manager, (c) => changes.push(c), onEnd, onResync);
  try {
    await vi.waitFor(() => expect(opened).toBe(2), { timeout: 10_000, interval: 50 });
    await vi.waitFor(() => expect(onResync).toHaveBeenCalledTimes(1), { timeout: 5_000, interval: 50 });

    const floor = (await rpc(s.host.url, 'floor.get', { lot_id: DEMO.lotId }, manager)).json() as { bays: Array<{ id: string; number: number; state: string }> };
    const bay = floor.bays.find((b) => b.state === 'available' && b.number > 100)!;
    await rpc(s.host.url, 'floor.blockBay', { bay_id: bay.id, reason: 'resurfacing' }, manager);
    await vi.waitFor(() => expect(changes.some((c) => c.kind === 'bay' && c.bay_id === bay.id && c.bay?.state === 'blocked')).toBe(true), { timeout: 5_000, interval: 50 });
    expect(onEnd).not.toHaveBeenCalled();
    expect(onResync).toHaveBeenCalledTimes(1);
  } finally {
    close();
  }
});
