/**
 * The real API for sync tests, listening on a loopback port, with an owner, a lot and helpers: on a fresh
 * PostgreSQL database per test file when DATABASE_URL is set (CI), otherwise on embedded PGlite. The few proofs
 * that need several connections or processes on one database (interleaved feed writers, killed API processes)
 * run only on PostgreSQL: `describeOnPostgres`.
 */

import type { AddressInfo } from 'node:net';
import type { Command, EnrollResponse } from '../../src/shared/sync/protocol';
import { describe } from 'vitest';
import { postgresAvailable } from '../helpers/pg';
import { type Account, type TestApp, addVehicle, createLot, register, startTestApp, window } from '../server/app';

/** PostgreSQL when the machine offers one, else PGlite. */
export const syncBackend = postgresAvailable() ? 'postgres' : 'pglite';

/** For proofs that need a PostgreSQL server (several connections or processes on one database). */
export const describeOnPostgres = describe.runIf(postgresAvailable());

export interface SyncApi {
  t: TestApp;
  url: string;
  owner: Account;
  lotId: string;
  close(): Promise<void>;
}

export async function startSyncApi(bays = 10): Promise<SyncApi> {
  const t = await startTestApp(syncBackend);
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = t.app.server.address() as AddressInfo;
  const owner = await register(t.app, 'owner');
  const lot = await createLot(t, owner, { total_slots: bays });
  return { t, url: `http://127.0.0.1:${port}`, owner, lotId: lot.id, close: () => t.close() };
}

export async function enrollmentCode(api: Pick<SyncApi, 't' | 'owner'>, lotId: string): Promise<string> {
  const res = await api.t.app.inject({ method: 'POST', url: '/api/devices/enrollment-codes', headers: api.owner.auth, payload: { lot_id: lotId } });
  if (res.statusCode !== 201) throw new Error(`code failed: ${res.statusCode} ${res.body}`);
  return res.json().code;
}

export async function enrollDevice(api: SyncApi, name = 'Gate A'): Promise<EnrollResponse> {
  const code = await enrollmentCode(api, api.lotId);
  const res = await api.t.app.inject({ method: 'POST', url: '/api/devices/enroll', payload: { code, booth_name: name } });
  if (res.statusCode !== 201) throw new Error(`enroll failed: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** A customer booking made through the API, starting now-ish (so a gate may admit it). */
export async function customerBooking(api: SyncApi, hours = 2): Promise<{ id: string; pin: string; qr_code: string; vehicle_number: string; customer: Account }> {
  const customer = await register(api.t.app);
  const vehicle = await addVehicle(api.t, customer);
  const w = window(0, hours);
  const start = new Date(Date.now() + 60_000).toISOString();
  const res = await api.t.app.inject({
    method: 'POST',
    url: '/api/bookings',
    headers: customer.auth,
    payload: { spot_id: api.lotId, vehicle_id: vehicle, start_time: start, end_time: w.end_time },
  });
  if (res.statusCode !== 201) throw new Error(`booking failed: ${res.statusCode} ${res.body}`);
  return { ...res.json(), customer };
}

export async function push(api: SyncApi, token: string, commands: Command[]) {
  return api.t.app.inject({ method: 'POST', url: '/api/sync/push', headers: { authorization: `Bearer ${token}` }, payload: { commands } });
}

export async function pullOnce(api: SyncApi, token: string, cursors: Record<string, number>, limit = 1000, format?: 'objects' | 'rows') {
  return api.t.app.inject({ method: 'POST', url: '/api/sync/pull', headers: { authorization: `Bearer ${token}` }, payload: { cursors, limit, ...(format && { format }) } });
}
