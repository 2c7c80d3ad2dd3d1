// Availability blocks hold bays for a time range (bookings and lot search for a window respect them; a block
// never oversells bookings already made), and with a Maps key a lot created from an address alone is geocoded (local Geocoding server).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { googleGeocoder } from '../../server/geocoding/index';
import { backends } from '../helpers/pg';
import { lotInput, register, type Account } from '../server/app';
import { startFakeGeocoder, type FakeGeocoder } from '../fakes/geocoding';
import { startPart2App, type Part2App } from './app';
import { addVehicle, createLot } from './fixtures';

describe.each(backends())('availability blocks and geocoding on %s', (backend) => {
  let geo: FakeGeocoder;
  let t: Part2App;
  let owner: Account;
  let rival: Account;
  let ana: Account;
  const base = Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 48 * 3_600_000;
  const at = (h: number) => new Date(base + h * 3_600_000).toISOString();
  const call = async (method: string, url: string, who: Account | null, payload?: unknown) => {
    const res = await t.app.inject({ method: method as 'POST', url, headers: who?.auth ?? {}, ...(payload !== undefined && { payload: payload as object }) });
    return { status: res.statusCode, body: res.body ? res.json() : null };
  };
  const book = async (lotId: string, from: number, to: number) =>
    call('POST', '/api/bookings', ana, { spot_id: lotId, vehicle_id: await addVehicle(t.app, ana), start_time: at(from), end_time: at(to) });

  beforeAll(async () => {
    geo = await startFakeGeocoder([{ address: '10 Harbour Road, Lisbon', lat: 38.7071, lng: -9.1357 }]);
    t = await startPart2App(backend, { extras: { geocoder: googleGeocoder(geo.apiKey, geo.url) } });
    [owner, rival, ana] = await Promise.all([register(t.app, 'owner'), register(t.app, 'owner'), register(t.app)]);
  });
  afterAll(async () => {
    await t?.close();
    await geo?.close();
  });

  it('holds bays for the blocked range only, and frees them when the block is removed', async () => {
    const lot = await createLot(t.app, owner, { total_slots: 3 });
    const block = await call('POST', `/api/spots/${lot.id}/blocks`, owner, { start_time: at(0), end_time: at(4), slots_affected: 2, reason: 'Resurfacing' });
    expect(block).toMatchObject({ status: 201, body: { slots_affected: 2, block_type: 'maintenance' } });
    expect((await book(lot.id, 1, 2)).status).toBe(201);
    expect(await book(lot.id, 1, 2)).toMatchObject({ status: 409, body: { error: { code: 'lot_full' } } });
    expect((await book(lot.id, 5, 6)).status).toBe(201); // outside the block
    // Lot search for a window sees the block too (and the answer after the block is removed is not a cached one).
    const free = async (from: number, to: number) => {
      const res = await call('GET', `/api/spots?start_time=${encodeURIComponent(at(from))}&end_time=${encodeURIComponent(at(to))}&limit=100`, null);
      return (res.body.items as Array<{ id: string; available_slots: number }>).find((i) => i.id === lot.id)?.available_slots;
    };
    expect(await free(1, 2)).toBe(0);
    expect(await free(3, 4)).toBe(1);
    expect(await free(5, 6)).toBe(2);
    expect((await call('GET', `/api/spots/${lot.id}/blocks`, owner)).body).toHaveLength(1);
    expect((await call('DELETE', `/api/spots/${lot.id}/blocks/${block.body.id}`, rival)).status).toBe(403);
    expect((await call('DELETE', `/api/spots/${lot.id}/blocks/${block.body.id}`, owner)).status).toBe(204);
    expect(await free(1, 2)).toBe(2);
    expect((await book(lot.id, 1, 2)).status).toBe(201);
  });

  it('refuses a block that would leave bookings already made without a bay, and bad or foreign requests', async () => {
    const lot = await createLot(t.app, owner, { total_slots: 2 });
    expect((await book(lot.id, 10, 12)).status).toBe(201);
    expect(await call('POST', `/api/spots/${lot.id}/blocks`, owner, { start_time: at(11), end_time: at(13) })).toMatchObject({
      status: 409,
      body: { error: { code: 'would_oversell' } },
    });
    expect((await call('POST', `/api/spots/${lot.id}/blocks`, owner, { start_time: at(11), end_time: at(13), slots_affected: 1 })).status).toBe(201);
    expect((await call('POST', `/api/spots/${lot.id}/blocks`, owner, { start_time: at(3), end_time: at(2) })).status).toBe(400);
    expect((await call('POST', `/api/spots/${lot.id}/blocks`, owner, { start_time: at(3), end_time: at(4), slots_affected: 9 })).status).toBe(400);
    expect((await call('POST', `/api/spots/${lot.id}/blocks`, rival, { start_time: at(20), end_time: at(21) })).status).toBe(403);
    expect((await call('POST', `/api/spots/${lot.id}/blocks`, ana, { start_time: at(20), end_time: at(21) })).status).toBe(403);
    expect((await call('GET', `/api/spots/${lot.id}/blocks`, null)).status).toBe(401);
    expect((await call('GET', `/api/spots/${lot.id}/blocks`, owner)).body).toHaveLength(1);
  });

  it('geocodes a lot created with an address and no coordinates', async () => {
    const { latitude: _lat, longitude: _lng, ...noCoordinates } = lotInput({ address: '10 Harbour Road, Lisbon' });
    const created = await call('POST', '/api/spots', owner, noCoordinates);
    expect(created).toMatchObject({ status: 201, body: { latitude: 38.7071, longitude: -9.1357 } });
    expect(geo.queries).toEqual(['10 Harbour Road, Lisbon']);
    const unknown = await call('POST', '/api/spots', owner, { ...noCoordinates, address: 'Nowhere Lane 404' });
    expect(unknown).toMatchObject({ status: 400, body: { error: { code: 'address_not_found' } } });
    expect((await call('POST', '/api/spots', owner, lotInput({ address: '10 Harbour Road, Lisbon' }))).body.latitude).toBe(51.5074);
    expect(geo.queries).toHaveLength(2); // given coordinates are never looked up
  });
});
