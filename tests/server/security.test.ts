import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../helpers/pg';
import { type Account, type TestApp, addVehicle, createLot, register, startTestApp, window } from './app';
import { snapshot } from './snapshot';

describe.each(backends())('access control on every :id route on %s', (backend) => {
  let t: TestApp;
  let owner: Account;
  let victim: Account;
  let attacker: Account;
  let attackerOwner: Account;
  let ids: { lot: string; bay: string; vehicle: string; booking: string };
  beforeAll(async () => {
    t = await startTestApp(backend);
    [owner, victim, attacker, attackerOwner] = [await register(t.app, 'owner'), await register(t.app), await register(t.app), await register(t.app, 'owner')];
    const lot = await createLot(t, owner);
    const vehicle = await addVehicle(t, victim);
    const b = await t.app.inject({ method: 'POST', url: '/api/bookings', headers: victim.auth, payload: { spot_id: lot.id, vehicle_id: vehicle, ...window(2, 1) } });
    ids = { lot: lot.id, bay: lot.bays[0].id, vehicle, booking: b.json().id };
  });
  afterAll(async () => t?.close());

  const attempts = () => [
    ['PUT', `/api/vehicles/${ids.vehicle}`, { color: 'stolen' }],
    ['DELETE', `/api/vehicles/${ids.vehicle}`, undefined],
    ['PUT', `/api/spots/${ids.lot}`, { name: 'pwned' }],
    ['DELETE', `/api/spots/${ids.lot}`, undefined],
    ['PUT', `/api/spots/${ids.lot}/bays/${ids.bay}`, { blocked: true }],
    ['GET', `/api/bookings/${ids.booking}`, undefined],
    ['PUT', `/api/bookings/${ids.booking}/extend`, { end_time: window(2, 5).end_time }],
    ['PUT', `/api/bookings/${ids.booking}/cancel`, {}],
    ['GET', `/api/bookings?spot_id=${ids.lot}`, undefined],
    ['POST', '/api/bookings/validate', { spot_id: ids.lot, code: '1234' }],
  ] as const;

  it('a customer and another owner get 403/404 everywhere and change nothing', async () => {
    const before = await snapshot(t);
    for (const who of [attacker, attackerOwner]) {
      for (const [method, url, payload] of attempts()) {
        const res = await t.app.inject({ method, url, headers: who.auth, ...(payload && { payload }) });
        expect([403, 404], `${method} ${url} → ${res.statusCode}`).toContain(res.statusCode);
      }
    }
    for (const [method, url, payload] of attempts()) {
      const res = await t.app.inject({ method, url, ...(payload && { payload }) });
      expect(res.statusCode, `${method} ${url} anonymous`).toBe(401);
    }
    expect(await snapshot(t)).toBe(before);
    // The rightful users still can.
    expect((await t.app.inject({ method: 'GET', url: `/api/bookings/${ids.booking}`, headers: victim.auth })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: `/api/bookings/${ids.booking}`, headers: owner.auth })).statusCode).toBe(200);
  });
});

describe('rate limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('pglite', { rateLimits: { auth: 5, validate: 3 } });
  });
  afterAll(async () => t?.close());

  it('answers 429 once a client address exceeds the credential limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress: '10.5.5.5',
        payload: { email: 'victim@example.test', password: `guess${i}xx` },
      });
      statuses.push(res.statusCode);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    const body = (
      await t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '10.5.5.5', payload: { email: 'a@b.test', password: 'x' } })
    ).json();
    expect(body.error.code).toBe('rate_limited');
    // Another address is not held back by this one.
    const other = await t.app.inject({ method: 'POST', url: '/api/auth/forgot-password', remoteAddress: '10.9.8.7', payload: { email: 'a@b.test' } });
    expect(other.statusCode).toBe(202);
  });

  it('limits PIN guessing at the validate endpoint', async () => {
    const owner = await register(t.app, 'owner');
    const lot = await createLot(t, owner);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/bookings/validate',
        remoteAddress: '10.1.1.1',
        headers: owner.auth,
        payload: { spot_id: lot.id, code: String(1000 + i) },
      });
      statuses.push(res.statusCode);
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });
});
