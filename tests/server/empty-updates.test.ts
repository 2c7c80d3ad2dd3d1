// Every update route refuses a body that changes nothing — {}, no body, null, only unknown fields — with
// 400 nothing_to_update, and leaves the resource (its updated_at included) exactly as it was.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completedBooking } from '../server-part2/fixtures';
import { backends } from '../helpers/pg';
import { type Account, type TestApp, addVehicle, createLot, register, startTestApp } from './app';

describe.each(backends())('empty updates on %s', (backend) => {
  let t: TestApp;
  let ann: Account;
  let owner: Account;
  beforeAll(async () => {
    t = await startTestApp(backend);
    [ann, owner] = [await register(t.app), await register(t.app, 'owner')];
  });
  afterAll(async () => t?.close());

  const EMPTY: Array<{ what: string; payload?: string; type?: string }> = [
    { what: '{}', payload: '{}', type: 'application/json' },
    { what: 'no body' },
    { what: 'no body, JSON content type', payload: '', type: 'application/json' },
    { what: 'null', payload: 'null', type: 'application/json' },
    { what: 'only unknown fields', payload: '{"nickname":"x","updated_at":"2020-01-01T00:00:00Z"}', type: 'application/json' },
  ];

  async function expectRefused(who: Account, url: string, readUrl: string) {
    const before = (await t.app.inject({ method: 'GET', url: readUrl, headers: who.auth })).body;
    for (const c of EMPTY) {
      const res = await t.app.inject({
        method: 'PUT',
        url,
        headers: { ...who.auth, ...(c.type && { 'content-type': c.type }) },
        ...(c.payload !== undefined && { payload: c.payload }),
      });
      expect(res.statusCode, `${url} ${c.what}: ${res.body}`).toBe(400);
      expect(res.json().error, `${url} ${c.what}`).toEqual({ code: 'nothing_to_update', message: 'nothing to update' });
    }
    expect((await t.app.inject({ method: 'GET', url: readUrl, headers: who.auth })).body).toBe(before);
  }

  it('profile and settings', async () => {
    await expectRefused(ann, '/api/users/profile', '/api/users/profile');
    await expectRefused(ann, '/api/users/settings', '/api/users/settings');
    // A real change still goes through; a known field next to an unknown one is named by the schema.
    expect((await t.app.inject({ method: 'PUT', url: '/api/users/profile', headers: ann.auth, payload: { name: 'Ann' } })).json().name).toBe('Ann');
    const mixed = await t.app.inject({ method: 'PUT', url: '/api/users/profile', headers: ann.auth, payload: { name: 'Ann', nickname: 'x' } });
    expect(mixed.json().error.code).toBe('validation_failed');
  });

  it('vehicles', async () => {
    const id = await addVehicle(t, ann);
    await expectRefused(ann, `/api/vehicles/${id}`, '/api/vehicles');
    expect((await t.app.inject({ method: 'PUT', url: `/api/vehicles/${id}`, headers: ann.auth, payload: { color: 'red' } })).json().color).toBe('red');
  });

  it('lots and bays', async () => {
    const lot = await createLot(t, owner, { total_slots: 2 });
    await expectRefused(owner, `/api/spots/${lot.id}`, `/api/spots/${lot.id}`);
    await expectRefused(owner, `/api/spots/${lot.id}/bays/${lot.bays[0].id}`, `/api/spots/${lot.id}`);
    expect((await t.app.inject({ method: 'PUT', url: `/api/spots/${lot.id}`, headers: owner.auth, payload: { name: 'New name' } })).json().name).toBe('New name');
  });

  it('reviews', async () => {
    const lot = await createLot(t, owner);
    const booking = await completedBooking(t.app, ann, owner, lot.id);
    const review = await t.app.inject({ method: 'POST', url: '/api/reviews', headers: ann.auth, payload: { booking_id: booking.id, rating: 4 } });
    expect(review.statusCode).toBe(201);
    const id = review.json().id as string;
    await expectRefused(ann, `/api/reviews/${id}`, `/api/reviews/${id}`);
    expect((await t.app.inject({ method: 'PUT', url: `/api/reviews/${id}`, headers: ann.auth, payload: { rating: 5 } })).json().rating).toBe(5);
  });
});
