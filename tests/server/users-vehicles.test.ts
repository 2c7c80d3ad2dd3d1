import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../helpers/pg';
import { type Account, type TestApp, register, startTestApp } from './app';

describe.each(backends())('profile, settings and vehicles on %s', (backend) => {
  let t: TestApp;
  let ann: Account;
  let bob: Account;
  beforeAll(async () => {
    t = await startTestApp(backend);
    [ann, bob] = [await register(t.app), await register(t.app)];
  });
  afterAll(async () => t?.close());

  const call = (who: Account, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: who.auth, ...(payload && { payload }) });

  it('edits the own profile and settings, field by field', async () => {
    const p = await call(ann, 'PUT', '/api/users/profile', { name: 'Ann Smith', phone: '+44 20 7946 0000' });
    expect(p.statusCode).toBe(200);
    expect(p.json()).toMatchObject({ name: 'Ann Smith', phone: '+44 20 7946 0000', email: ann.email });
    expect((await call(ann, 'PUT', '/api/users/profile', { email: 'steal@example.test' })).statusCode).toBe(400);
    const s0 = (await call(ann, 'GET', '/api/users/settings')).json();
    expect(s0).toMatchObject({ theme: 'light', language: 'en', promotions: false });
    const s1 = await call(ann, 'PUT', '/api/users/settings', { theme: 'dark', promotions: true });
    expect(s1.json()).toMatchObject({ theme: 'dark', promotions: true, booking_reminders: true });
    expect((await call(ann, 'PUT', '/api/users/settings', { theme: 'neon' })).statusCode).toBe(400);
    expect((await call(bob, 'GET', '/api/users/settings')).json().theme).toBe('light');
    expect((await t.app.inject({ method: 'GET', url: '/api/users/profile' })).statusCode).toBe(401);
  });

  it('keeps plates unique per user (normalised) and exactly one default vehicle', async () => {
    const first = await call(ann, 'POST', '/api/vehicles', { make: 'Toyota', model: 'Yaris', license_plate: 'ab-12 cd' });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ license_plate: 'AB12CD', is_default: true });
    const dup = await call(ann, 'POST', '/api/vehicles', { make: 'Ford', model: 'Ka', license_plate: 'AB12CD' });
    expect(dup.statusCode).toBe(409);
    // Another user may have the same plate (a shared car).
    expect((await call(bob, 'POST', '/api/vehicles', { make: 'Ford', model: 'Ka', license_plate: 'AB12CD' })).statusCode).toBe(201);
    const second = await call(ann, 'POST', '/api/vehicles', { make: 'VW', model: 'Golf', license_plate: 'XY99', is_default: true });
    expect(second.json().is_default).toBe(true);
    const list = (await call(ann, 'GET', '/api/vehicles')).json();
    expect(list.total).toBe(2);
    expect(list.items.filter((v: { is_default: boolean }) => v.is_default).map((v: { id: string }) => v.id)).toEqual([second.json().id]);
    expect((await call(ann, 'PUT', `/api/vehicles/${second.json().id}`, { is_default: false })).statusCode).toBe(409);
    const upd = await call(ann, 'PUT', `/api/vehicles/${first.json().id}`, { is_default: true, color: 'red' });
    expect(upd.json()).toMatchObject({ is_default: true, color: 'red' });
    // Deleting the default hands the role to the remaining vehicle.
    expect((await call(ann, 'DELETE', `/api/vehicles/${first.json().id}`)).statusCode).toBe(204);
    const after = (await call(ann, 'GET', '/api/vehicles')).json();
    expect(after.items).toHaveLength(1);
    expect(after.items[0]).toMatchObject({ id: second.json().id, is_default: true });
  });

  it("never shows or changes another user's vehicle", async () => {
    const v = (await call(bob, 'POST', '/api/vehicles', { make: 'Fiat', model: '500', license_plate: 'BOB1' })).json();
    expect((await call(ann, 'PUT', `/api/vehicles/${v.id}`, { color: 'pink' })).statusCode).toBe(404);
    expect((await call(ann, 'DELETE', `/api/vehicles/${v.id}`)).statusCode).toBe(404);
    expect((await call(ann, 'GET', '/api/vehicles')).json().items.map((x: { id: string }) => x.id)).not.toContain(v.id);
    expect((await call(bob, 'GET', '/api/vehicles')).json().items.find((x: { id: string }) => x.id === v.id).color).toBeNull();
  });

  it('rejects plates that cannot fit a pass and malformed fields, naming them', async () => {
    const res = await call(ann, 'POST', '/api/vehicles', { make: '', model: 'M', license_plate: '---', year: 1800 });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['body.license_plate', 'body.make', 'body.year']);
    expect((await call(ann, 'POST', '/api/vehicles', { make: 'M', model: 'M', license_plate: 'A'.repeat(17) })).statusCode).toBe(400);
  });
});
