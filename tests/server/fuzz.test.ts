import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../helpers/pg';
import { type Account, type TestApp, addVehicle, createLot, register, startTestApp, window } from './app';
import { snapshot } from './snapshot';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

// Every route of part 1, with ":id"-style holes the fuzzer fills.
const ROUTES: Array<[Method, string]> = [
  ['POST', '/api/auth/register'],
  ['POST', '/api/auth/login'],
  ['POST', '/api/auth/refresh'],
  ['POST', '/api/auth/logout'],
  ['POST', '/api/auth/forgot-password'],
  ['POST', '/api/auth/reset-password'],
  ['PUT', '/api/users/profile'],
  ['PUT', '/api/users/settings'],
  ['GET', '/api/vehicles'],
  ['POST', '/api/vehicles'],
  ['PUT', '/api/vehicles/:id'],
  ['DELETE', '/api/vehicles/:id'],
  ['GET', '/api/spots'],
  ['GET', '/api/spots/:id'],
  ['GET', '/api/spots/owner/:id'],
  ['POST', '/api/spots'],
  ['PUT', '/api/spots/:id'],
  ['DELETE', '/api/spots/:id'],
  ['PUT', '/api/spots/:id/bays/:id'],
  ['GET', '/api/bookings'],
  ['POST', '/api/bookings'],
  ['GET', '/api/bookings/:id'],
  ['PUT', '/api/bookings/:id/extend'],
  ['PUT', '/api/bookings/:id/cancel'],
  ['POST', '/api/bookings/validate'],
];

describe.each(backends())('malformed input on every route on %s', (backend) => {
  let t: TestApp;
  let owner: Account;
  let real: { lot: string; bay: string; vehicle: string; booking: string };
  beforeAll(async () => {
    t = await startTestApp(backend);
    owner = await register(t.app, 'owner');
    const lot = await createLot(t, owner);
    const vehicle = await addVehicle(t, owner);
    const b = await t.app.inject({ method: 'POST', url: '/api/bookings', headers: owner.auth, payload: { spot_id: lot.id, vehicle_id: vehicle, ...window(2, 1) } });
    real = { lot: lot.id, bay: lot.bays[0].id, vehicle, booking: b.json().id };
  });
  afterAll(async () => t?.close());

  const badParam = fc.oneof(
    fc.string({ maxLength: 40 }).filter((s) => s.length > 0 && !s.includes('/') && !s.includes('?') && !s.includes('#')),
    fc.constant('1 OR 1=1'),
    fc.constant("'; DROP TABLE users; --"),
    fc.constant('x'.repeat(180)),
    fc.constant('00000000-0000-0000-0000-00000000000g'),
  );
  const badBody = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.dictionary(fc.constantFrom('email', 'password', 'spot_id', 'vehicle_id', 'start_time', 'end_time', 'total_slots', 'price_cents', 'code', 'name', 'id', 'latitude'), fc.jsonValue({ maxDepth: 2 })),
  );

  it('answers 4xx (never 5xx) to random bodies and params, and a refused request writes nothing', async () => {
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES), badParam, badBody, fc.boolean(), async ([method, path], param, body, useReal) => {
        const url = path.includes(':id')
          ? path.replace(/:id/g, () => (useReal ? real.lot : encodeURIComponent(param)))
          : `${path}${method === 'GET' ? `?${encodeURIComponent(param)}=${encodeURIComponent(JSON.stringify(body))}` : ''}`;
        const before = await snapshot(t);
        const res = await t.app.inject({
          method,
          url,
          headers: { ...owner.auth, 'content-type': 'application/json' },
          ...(method !== 'GET' && method !== 'DELETE' && { payload: JSON.stringify(body) }),
        });
        expect(res.statusCode, `${method} ${url} ${res.body}`).toBeLessThan(500);
        expect(res.json()).toBeTypeOf('object');
        if (res.statusCode >= 400) {
          refused++;
          expect(await snapshot(t), `${method} ${url} was refused but wrote`).toBe(before);
        }
      }),
      { numRuns: 100 },
    );
    // Random input is almost never a valid request.
    expect(refused).toBeGreaterThan(80);
  });

  it('refuses oversized bodies, broken JSON, wrong content types and junk tokens with 4xx', async () => {
    const before = await snapshot(t);
    for (const [method, path] of ROUTES.filter(([m]) => m === 'POST' || m === 'PUT')) {
      const url = path.replace(/:id/g, real.lot);
      const cases = [
        { headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ name: 'x'.repeat(100_000) }) },
        { headers: { 'content-type': 'application/json' }, payload: '{"email": "a@b.c",' },
        { headers: { 'content-type': 'text/plain' }, payload: 'hello' },
        { headers: { 'content-type': 'application/json' }, payload: '[]' },
        { headers: { 'content-type': 'application/json' }, payload: '{"__proto__": {"admin": true}}' },
      ];
      for (const c of cases) {
        const res = await t.app.inject({ method, url, payload: c.payload, headers: { ...owner.auth, ...c.headers } });
        expect(res.statusCode, `${method} ${url} ${res.body.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
        expect(res.statusCode, `${method} ${url} ${res.body.slice(0, 200)}`).toBeLessThan(500);
      }
      const junk = await t.app.inject({ method, url, payload: {}, headers: { authorization: `Bearer ${'a'.repeat(5000)}` } });
      expect(junk.statusCode).toBeLessThan(500);
    }
    expect(await snapshot(t)).toBe(before);
  });
});
