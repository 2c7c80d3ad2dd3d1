// Signing out ends access at once: an access token names its session, and authentication refuses tokens of
// revoked or ended sessions (logout, refresh-token reuse, password reset, deactivated account), within the
// documented 5 s in another API process.
import { eq } from 'drizzle-orm';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../db/central/schema';
import { buildApp } from '../../server/app';
import { memoryMailer } from '../../server/auth/mailer';
import { SESSION_LIVE_TTL_MS, SessionGate } from '../../server/auth/session-gate';
import { backends } from '../helpers/pg';
import { type Account, type TestApp, register, startTestApp } from './app';

describe.each(backends())('access tokens end with their session on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(backend);
  });
  afterAll(async () => t?.close());

  const post = (url: string, payload: object) => t.app.inject({ method: 'POST', url: `/api/auth/${url}`, payload });
  const me = (token: string, app = t.app) => app.inject({ method: 'GET', url: '/api/users/profile', headers: { authorization: `Bearer ${token}` } });
  const login = async (a: Account) => (await post('login', { email: a.email, password: a.password })).json() as { access_token: string; refresh_token: string };

  it('logout refuses the access token at once, and only that sign-in’s', async () => {
    const a = await register(t.app);
    const other = await login(a);
    expect((await me(a.access)).statusCode).toBe(200); // now cached as live
    expect((await post('logout', { refresh_token: a.refresh })).statusCode).toBe(204);
    const res = await me(a.access);
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('invalid_token');
    expect((await me(other.access_token)).statusCode).toBe(200);
  });

  it('refresh-token reuse revokes the access tokens of the whole sign-in, the newest one too', async () => {
    const a = await register(t.app);
    const next = (await post('refresh', { refresh_token: a.refresh })).json() as { access_token: string };
    // The access token from before the rotation still works: it is the same sign-in.
    expect((await me(a.access)).statusCode).toBe(200);
    expect((await me(next.access_token)).statusCode).toBe(200);
    expect((await post('refresh', { refresh_token: a.refresh })).json().error.code).toBe('token_reused');
    expect((await me(a.access)).statusCode).toBe(401);
    expect((await me(next.access_token)).statusCode).toBe(401);
  });

  it('a password reset ends every access token of the account', async () => {
    const a = await register(t.app);
    const second = await login(a);
    expect((await me(second.access_token)).statusCode).toBe(200);
    await post('forgot-password', { email: a.email });
    const code = /\n\n(\S+)\n\n/.exec(t.mailer.sent.filter((m) => m.to === a.email).at(-1)!.text)![1]!;
    expect((await post('reset-password', { token: code, password: 'an entirely new one' })).statusCode).toBe(204);
    expect((await me(a.access)).statusCode).toBe(401);
    expect((await me(second.access_token)).statusCode).toBe(401);
    expect((await me((await login({ ...a, password: 'an entirely new one' })).access_token)).statusCode).toBe(200);
  });

  it('a live stream refuses a signed-out token', async () => {
    const a = await register(t.app);
    await post('logout', { refresh_token: a.refresh });
    const res = await t.app.inject({ method: 'GET', url: '/api/live/events?topics=user:me', headers: { authorization: `Bearer ${a.access}` } });
    expect(res.statusCode).toBe(401);
  });

  it('refuses a well-signed token that names no session (issued before tokens carried one) or another user’s', async () => {
    const a = await register(t.app);
    const b = await register(t.app);
    const secret = new TextEncoder().encode(t.config.jwt.secret);
    const sign = (claims: Record<string, unknown>) =>
      new SignJWT({ typ: 'access', role: 'customer', ...claims }).setProtectedHeader({ alg: 'HS256' }).setSubject(a.id).setIssuer('parkpass').setExpirationTime('10m').sign(secret);
    const sidOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).sid as string;
    expect((await me(await sign({}))).statusCode).toBe(401);
    expect((await me(await sign({ sid: 'not-a-uuid' }))).statusCode).toBe(401);
    expect((await me(await sign({ sid: sidOf(b.access) }))).statusCode).toBe(401);
    expect((await me(await sign({ sid: sidOf(a.access) }))).statusCode).toBe(200);
  });

  it('another API process refuses a signed-out token within the staleness bound; a deactivated account too', async () => {
    expect(SESSION_LIVE_TTL_MS).toBeLessThanOrEqual(5_000);
    const other = await buildApp(t.config, t.database, { mailer: memoryMailer(), logger: false });
    await other.ready();
    try {
      other.sessionGate.liveTtlMs = 300;
      const a = await register(t.app);
      const b = await register(t.app);
      expect((await me(a.access, other)).statusCode).toBe(200);
      expect((await me(b.access, other)).statusCode).toBe(200);
      expect((await post('logout', { refresh_token: a.refresh })).statusCode).toBe(204);
      await t.database.db.update(users).set({ isActive: false }).where(eq(users.id, b.id));
      // The other process still holds its live answer: within the bound, not past it.
      expect((await me(a.access, other)).statusCode).toBe(200);
      await new Promise((r) => setTimeout(r, 350));
      expect((await me(a.access, other)).statusCode).toBe(401);
      expect((await me(b.access, other)).statusCode).toBe(401);
    } finally {
      await other.close();
    }
  });

  it('a role changed by an operator applies within the staleness bound, not when the token expires', async () => {
    const createLot = (token: string) =>
      t.app.inject({ method: 'POST', url: '/api/spots', headers: { authorization: `Bearer ${token}` }, payload: { name: 'Role lot', address: '1 Role St', latitude: 1, longitude: 1, total_slots: 2, price_cents: 100, price_type: 'hour' } });
    t.app.sessionGate.liveTtlMs = 300;
    try {
      const a = await register(t.app);
      expect((await createLot(a.access)).statusCode).toBe(403);
      await t.database.db.update(users).set({ userType: 'owner' }).where(eq(users.id, a.id));
      await new Promise((r) => setTimeout(r, 350));
      // The same token, issued to a customer: the user is an owner now.
      expect((await createLot(a.access)).statusCode).toBe(201);
      await t.database.db.update(users).set({ userType: 'customer' }).where(eq(users.id, a.id));
      await new Promise((r) => setTimeout(r, 350));
      expect((await createLot(a.access)).statusCode).toBe(403);
    } finally {
      t.app.sessionGate.liveTtlMs = SESSION_LIVE_TTL_MS;
    }
  });

  it('costs one lookup per session per bound, however many requests arrive together', async () => {
    const a = await register(t.app);
    const sid = JSON.parse(Buffer.from(a.access.split('.')[1]!, 'base64url').toString()).sid as string;
    let queries = 0;
    const db = t.database.db;
    const counting = new Proxy(db, { get: (target, key) => (key === 'select' ? (...args: unknown[]) => (queries++, (target.select as (...x: unknown[]) => unknown)(...args)) : Reflect.get(target, key)) });
    const gate = new SessionGate(() => counting as typeof db, 60_000);
    const isLive = async () => (await gate.actor(sid, a.id)) !== null;
    const answers = await Promise.all(Array.from({ length: 30 }, isLive));
    expect(answers.every(Boolean)).toBe(true);
    expect(await isLive()).toBe(true);
    expect(queries).toBe(1);
    gate.revoked([sid]);
    expect(await isLive()).toBe(false);
    expect(queries).toBe(1);
  });
});
