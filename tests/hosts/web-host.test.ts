// Both hosts over a real booth (real SQLite in a temp folder): every entry served, access rules, bad input.
import { networkInterfaces } from 'node:os';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, entryNames } from '../../src/shared/contract';
import { DEMO } from '../../src/main/booth';
import { registerBoothIpc } from '../../src/main/ipc';
import { createDispatcher } from '../../src/main/rpc/dispatch';
import { serveDemoBooth, type ServedBooth } from './booth-host';
import { http, readChanges, rpc } from './http';
import { fakeIpcMain } from './fake-ipc';

let s: ServedBooth;
let base: string;
let attendant: string;
let manager: string;

async function signIn(staff_id: string, pin: string): Promise<string> {
  const res = await rpc(base, 'staff.signIn', { staff_id, pin });
  expect(res.status).toBe(200);
  return (res.json() as { session_token: string }).session_token;
}

beforeAll(async () => {
  s = await serveDemoBooth();
  base = s.host.url;
  attendant = await signIn(DEMO.staff.attendant.id, DEMO.staff.attendant.pin);
  manager = await signIn(DEMO.staff.manager.id, DEMO.staff.manager.pin);
});
afterAll(() => s.stop());

const byAccess = (a: string) => entryNames.filter((n) => contract[n].access === a);

describe('the booth served over IPC and HTTP', () => {
  it('registers every contract entry on both hosts', async () => {
    const fake = fakeIpcMain();
    registerBoothIpc(fake.ipcMain, createDispatcher(contract, s.booth.handlers, s.booth.sessions), () => true);
    expect([...fake.handlers.keys()].sort()).toEqual(entryNames.map((n) => `booth:${n}`).sort());

    const listed = (await http(`${base}/rpc`)).json() as { entries: Array<{ name: string; input: { type: string } }> };
    expect(listed.entries.map((e) => e.name).sort()).toEqual([...entryNames].sort());
    expect(listed.entries.every((e) => e.input.type === 'object')).toBe(true);
    for (const name of entryNames) {
      // Served means: not `not_found`. (Signing out would end the session the other tests use.)
      const token = name === 'staff.signOut' ? undefined : manager;
      const res = await rpc(base, name, {}, token);
      expect([name, res.status]).not.toEqual([name, 404]);
      const ipc = (await fake.invoke(`booth:${name}`, true, {}, token ?? null)) as { ok: boolean; error?: { code: string } };
      expect([name, ipc.error?.code]).not.toEqual([name, 'not_found']);
    }
  });

  it('listens on loopback only', async () => {
    expect(new URL(base).hostname).toBe('127.0.0.1');
    const external = Object.values(networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal);
    if (external) {
      const refused = await new Promise<boolean>((resolve) => {
        const sock = connect({ host: external.address, port: s.host.port });
        sock.on('connect', () => (sock.destroy(), resolve(false)));
        sock.on('error', () => resolve(true));
      });
      expect(refused).toBe(true);
    }
  });

  it('answers 401 to every staff and manager entry without a session, and 403 to an attendant on manager entries', async () => {
    for (const name of [...byAccess('staff'), ...byAccess('manager')]) {
      const res = await rpc(base, name, {});
      expect([name, res.status]).toEqual([name, 401]);
      expect(res.json()).toMatchObject({ error: { code: 'unauthenticated' } });
    }
    for (const name of byAccess('manager')) {
      const res = await rpc(base, name, {}, attendant);
      expect([name, res.status]).toEqual([name, 403]);
    }
    expect((await rpc(base, 'audit.list', {}, manager)).status).toBe(200);
  });

  it('rejects invalid input with 400 naming the field, and changes nothing', async () => {
    const before = (await rpc(base, 'floor.get', { lot_id: DEMO.lotId }, manager)).json();
    const recentBefore = (await rpc(base, 'gate.recent', { lot_id: DEMO.lotId }, attendant)).json();

    const count = await rpc(base, 'floor.setBayCount', { lot_id: DEMO.lotId, total_bays: 'many' }, manager);
    expect(count.status).toBe(400);
    expect(count.json()).toMatchObject({ error: { code: 'invalid_input', fields: { total_bays: expect.any(String) } } });
    const gate = await rpc(base, 'gate.check', { code: '4321' }, attendant);
    expect(gate.status).toBe(400);
    expect(gate.json()).toMatchObject({ error: { fields: { lot_id: expect.any(String) } } });

    expect((await rpc(base, 'floor.get', { lot_id: DEMO.lotId }, manager)).json()).toEqual(before);
    expect((await rpc(base, 'gate.recent', { lot_id: DEMO.lotId }, attendant)).json()).toEqual(recentBefore);
  });

  it('signs staff in with the right PIN only, and relays a gate decision to /events', async () => {
    const wrong = await rpc(base, 'staff.signIn', { staff_id: DEMO.staff.attendant.id, pin: '9999' });
    expect(wrong.status).toBe(401);
    expect(JSON.stringify(wrong.json())).not.toContain('session_token');

    const pass = s.booth.demo.passes.find((p) => p.note === 'valid now');
    expect(pass).toBeDefined();
    const changes = readChanges(`${base}/events`, 3, () => {
      void rpc(base, 'gate.check', { lot_id: DEMO.lotId, code: pass!.pass }, attendant).then((res) => {
        expect(res.json()).toMatchObject({ decision: 'ADMIT', bay_number: 12 });
      });
    }, { Authorization: `Bearer ${attendant}` });
    // The events carry the bay as the grid shows it, so the page needs no floor.bay round trip.
    const occupied = { number: 12, state: 'occupied', vehicle_number: 'AB12CDE', blocked_reason: null, booking_id: expect.any(String), since: expect.any(Number) };
    const got = (await changes).filter((c) => (c as { kind: string }).kind !== 'audit');
    expect(got).toEqual([
      { kind: 'decision', lot_id: DEMO.lotId, bay_id: expect.any(String), bay: expect.objectContaining(occupied) },
      { kind: 'bay', lot_id: DEMO.lotId, bay_id: expect.any(String), bay: expect.objectContaining(occupied) },
    ]);
  });

  it('streams a blocked bay with its state and reason to a signed-in attendant, and nothing to a signed-out page', async () => {
    expect((await http(`${base}/events`)).status).toBe(401);
    const floor = (await rpc(base, 'floor.get', { lot_id: DEMO.lotId }, manager)).json() as { bays: Array<{ id: string; number: number; state: string }> };
    const bay = floor.bays.find((b) => b.state === 'available' && b.number > 100)!;
    const changes = readChanges(`${base}/events`, 2, () => {
      void rpc(base, 'floor.blockBay', { bay_id: bay.id, reason: 'paint drying' }, manager);
    }, { Authorization: `Bearer ${attendant}` });
    const bayEvent = (await changes).find((c) => (c as { kind: string }).kind === 'bay');
    expect(bayEvent).toEqual({
      kind: 'bay', lot_id: DEMO.lotId, bay_id: bay.id,
      bay: { id: bay.id, number: bay.number, state: 'blocked', blocked_reason: 'paint drying', booking_id: null, vehicle_number: null, since: expect.any(Number) },
    });
    // Attendants read the grid; blocking stays a manager's call.
    expect((await rpc(base, 'floor.unblockBay', { bay_id: bay.id }, attendant)).status).toBe(403);
  });

  it("ends a session's /events stream when the session ends, before sending it anything more", async () => {
    const leaving = await signIn(DEMO.staff.attendant.id, DEMO.staff.attendant.pin);
    const floor = (await rpc(base, 'floor.get', { lot_id: DEMO.lotId }, manager)).json() as { bays: Array<{ id: string; number: number; state: string }> };
    const bay = floor.bays.find((b) => b.state === 'available' && b.number > 100)!;
    const changes = readChanges(`${base}/events`, 1, () => {
      void (async () => {
        expect((await rpc(base, 'staff.signOut', {}, leaving)).status).toBe(200);
        expect((await rpc(base, 'floor.blockBay', { bay_id: bay.id, reason: 'after sign-out' }, manager)).status).toBe(200);
      })();
    }, { Authorization: `Bearer ${leaving}` });
    expect(await changes).toEqual([]); // the stream ended with no event
    expect((await http(`${base}/events`, { headers: { Authorization: `Bearer ${leaving}` } })).status).toBe(401);
  });
});
