import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parkingSpots } from '../../db/central/schema';
import { backends } from '../helpers/pg';
import { type Account, type TestApp, createLot, lotInput, makeAdmin, register, startTestApp } from './app';

describe.each(backends())('lots and bays on %s', (backend) => {
  let t: TestApp;
  let owner: Account;
  let other: Account;
  let customer: Account;
  let admin: Account;
  beforeAll(async () => {
    t = await startTestApp(backend);
    owner = await register(t.app, 'owner');
    other = await register(t.app, 'owner');
    customer = await register(t.app, 'customer');
    admin = await makeAdmin(t);
  });
  afterAll(async () => t?.close());

  const call = (who: Account | null, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: who?.auth ?? {}, ...(payload && { payload }) });

  it('creates a lot with its bays, amenities and images; money in cents both ways', async () => {
    const amenities = (await call(null, 'GET', '/api/amenities')).json();
    const ev = amenities.find((a: { name: string }) => a.name === 'EV Charging');
    const lot = await createLot(t, owner, { price_cents: 1999, daily_cap_cents: 2500, amenity_ids: [ev.id], images: ['https://img.example/1.jpg'] });
    expect(lot).toMatchObject({ owner_id: owner.id, total_slots: 10, available_slots: 10, price_cents: 1999, daily_cap_cents: 2500 });
    expect(lot.bays.map((b: { index_number: number }) => b.index_number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(lot.amenities.map((a: { name: string }) => a.name)).toEqual(['EV Charging']);
    const [row] = await t.database.db.select({ price: parkingSpots.price }).from(parkingSpots).limit(1);
    expect(row!.price).toBe('19.99');
    expect((await call(customer, 'POST', '/api/spots', lotInput())).statusCode).toBe(403);
    expect((await call(null, 'POST', '/api/spots', lotInput())).statusCode).toBe(401);
    expect((await call(owner, 'POST', '/api/spots', lotInput({ time_zone: 'Mars/Olympus' }))).statusCode).toBe(400);
    expect((await call(owner, 'POST', '/api/spots', lotInput({ price_cents: 1.5 }))).statusCode).toBe(400);
  });

  it('only the owner or an admin changes a lot', async () => {
    const lot = await createLot(t, owner);
    expect((await call(other, 'PUT', `/api/spots/${lot.id}`, { name: 'Mine now' })).statusCode).toBe(403);
    expect((await call(customer, 'DELETE', `/api/spots/${lot.id}`)).statusCode).toBe(403);
    expect((await call(other, 'PUT', `/api/spots/${lot.id}/bays/${lot.bays[0].id}`, { blocked: true })).statusCode).toBe(403);
    expect((await call(owner, 'PUT', `/api/spots/${lot.id}`, { name: 'Renamed' })).json().name).toBe('Renamed');
    expect((await call(admin, 'PUT', `/api/spots/${lot.id}`, { price_cents: 500 })).json().price_cents).toBe(500);
    expect((await call(owner, 'PUT', `/api/spots/00000000-0000-4000-8000-000000000000`, { name: 'x' })).statusCode).toBe(404);
  });

  it('grows and shrinks bays with total_slots, never removing an occupied one, and keeps counts true', async () => {
    const lot = await createLot(t, owner, { total_slots: 3 });
    const grown = (await call(owner, 'PUT', `/api/spots/${lot.id}`, { total_slots: 5 })).json();
    expect(grown.bays.map((b: { index_number: number }) => b.index_number)).toEqual([1, 2, 3, 4, 5]);
    const blocked = await call(owner, 'PUT', `/api/spots/${lot.id}/bays/${grown.bays[0].id}`, { blocked: true, blocked_reason: 'paint' });
    expect(blocked.json()).toMatchObject({ blocked: true, blocked_reason: 'paint' });
    const detail = (await call(null, 'GET', `/api/spots/${lot.id}`)).json();
    expect(detail).toMatchObject({ total_slots: 5, available_slots: 4 });
    // Occupy bays 2–5 as a booth would, then try to shrink below the free ones.
    await t.database.db.execute(sql`UPDATE bays SET status = 'occupied' WHERE lot_id = ${lot.id} AND index_number > 1`);
    const refused = await call(owner, 'PUT', `/api/spots/${lot.id}`, { total_slots: 3 });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('bays_occupied');
    expect((await call(null, 'GET', `/api/spots/${lot.id}`)).json().total_slots).toBe(5);
    const shrunk = (await call(owner, 'PUT', `/api/spots/${lot.id}`, { total_slots: 4 })).json();
    // The removed bay is the free (blocked) one; occupied bays stay.
    expect(shrunk.bays.map((b: { index_number: number; status: string }) => [b.index_number, b.status])).toEqual([
      [2, 'occupied'],
      [3, 'occupied'],
      [4, 'occupied'],
      [5, 'occupied'],
    ]);
    expect(shrunk).toMatchObject({ total_slots: 4, available_slots: 0 });
  });

  it('searches by point and radius with distance, price, amenities, rating and sorting', async () => {
    const amenities = (await call(null, 'GET', '/api/amenities')).json();
    const cctv = amenities.find((a: { name: string }) => a.name === 'CCTV Security').id;
    const far = await createLot(t, other, { name: 'Far', latitude: 51.6, longitude: -0.1278, price_cents: 100 }); // ~10 km north
    const near = await createLot(t, other, { name: 'Near', latitude: 51.508, longitude: -0.1278, price_cents: 900, amenity_ids: [cctv] });
    const q = (s: string) => call(null, 'GET', `/api/spots?lat=51.5074&lng=-0.1278&${s}`);
    const byDistance = (await q('radius_km=20&limit=100')).json();
    const names = byDistance.items.map((l: { name: string }) => l.name);
    expect(names.indexOf('Near')).toBeLessThan(names.indexOf('Far'));
    const nearItem = byDistance.items.find((l: { id: string }) => l.id === near.id);
    expect(nearItem.distance_km).toBeCloseTo(0.067, 2);
    expect(byDistance.items.find((l: { id: string }) => l.id === far.id).distance_km).toBeCloseTo(10.29, 1);
    expect((await q('radius_km=5&limit=100')).json().items.map((l: { id: string }) => l.id)).not.toContain(far.id);
    const cheap = (await q('radius_km=20&sort=price&limit=1')).json();
    expect(cheap.items[0].id).toBe(far.id);
    expect(cheap.total).toBe(byDistance.total);
    expect((await q(`radius_km=20&amenities=${cctv}`)).json().items.map((l: { id: string }) => l.id)).toEqual([near.id]);
    expect((await q('radius_km=20&min_price_cents=800&max_price_cents=900')).json().items.map((l: { id: string }) => l.id)).toEqual([near.id]);
    expect((await q('radius_km=20&min_rating=4.5')).json().total).toBe(0);
    expect((await call(null, 'GET', '/api/spots?lat=51.5')).statusCode).toBe(400);
    expect((await call(null, 'GET', '/api/spots?sort=distance')).statusCode).toBe(400);
    expect((await call(null, 'GET', '/api/spots?limit=1000')).statusCode).toBe(400);
  });

  it('lists an owner’s lots and hides deactivated ones from others; deletes a lot without bookings', async () => {
    const lot = await createLot(t, other, { name: 'Temporary' });
    const before = (await call(null, 'GET', `/api/spots/owner/${other.id}?limit=100`)).json();
    expect(before.items.map((l: { id: string }) => l.id)).toContain(lot.id);
    await call(other, 'PUT', `/api/spots/${lot.id}`, { is_active: false });
    expect((await call(null, 'GET', `/api/spots/${lot.id}`)).statusCode).toBe(404);
    expect((await call(other, 'GET', `/api/spots/${lot.id}`)).statusCode).toBe(200);
    expect((await call(null, 'GET', `/api/spots/owner/${other.id}?limit=100`)).json().total).toBe(before.total - 1);
    expect((await call(other, 'GET', `/api/spots/owner/${other.id}?limit=100`)).json().total).toBe(before.total);
    expect((await call(other, 'DELETE', `/api/spots/${lot.id}`)).statusCode).toBe(204);
    expect((await call(other, 'GET', `/api/spots/${lot.id}`)).statusCode).toBe(404);
  });
});
