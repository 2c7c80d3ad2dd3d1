import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessions, passwordResets } from '../../db/central/schema';
import { backends } from '../helpers/pg';
import { type TestApp, register, startTestApp } from './app';

describe.each(backends())('auth on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(backend);
  });
  afterAll(async () => t?.close());

  const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: `/api/auth/${url}`, payload: payload as object, headers });

  it('registers, signs in with the password only, and keeps only hashes in the database', async () => {
    const a = await register(t.app);
    expect((await post('register', { email: a.email.toUpperCase(), password: 'another password', name: 'X' })).statusCode).toBe(409);
    expect((await post('login', { email: a.email, password: 'wrong password' })).statusCode).toBe(401);
    expect((await post('login', { email: 'nobody@example.test', password: 'whatever1' })).statusCode).toBe(401);
    const ok = await post('login', { email: a.email, password: a.password });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().user).toMatchObject({ email: a.email, user_type: 'customer' });
    expect(ok.json().user.last_login).not.toBeNull();
    expect(ok.json()).not.toHaveProperty('user.password_hash');
    const rows = await t.database.db.select().from(sessions);
    expect(rows.some((r) => r.refreshToken === a.refresh)).toBe(false);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.refreshToken))).toBe(true);
  });

  it('refuses to register an admin or a malformed e-mail', async () => {
    expect((await post('register', { email: 'x@example.test', password: 'long enough', name: 'X', user_type: 'admin' })).statusCode).toBe(400);
    const bad = await post('register', { email: 'not-an-email', password: 'short', name: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['body.email', 'body.name', 'body.password']);
  });

  it('rotates refresh tokens, and reusing a rotated one revokes the whole sign-in', async () => {
    const a = await register(t.app);
    const r1 = await post('refresh', { refresh_token: a.refresh });
    expect(r1.statusCode).toBe(200);
    const second = r1.json().refresh_token as string;
    expect(second).not.toBe(a.refresh);
    // The thief replays the first token: refused, and the legitimate newer token dies with it.
    const replay = await post('refresh', { refresh_token: a.refresh });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error.code).toBe('token_reused');
    expect((await post('refresh', { refresh_token: second })).statusCode).toBe(401);
    // Another sign-in of the same user is untouched.
    const other = await post('login', { email: a.email, password: a.password });
    expect((await post('refresh', { refresh_token: other.json().refresh_token })).statusCode).toBe(200);
  });

  it('logout ends the sign-in', async () => {
    const a = await register(t.app);
    expect((await post('logout', { refresh_token: a.refresh })).statusCode).toBe(204);
    expect((await post('refresh', { refresh_token: a.refresh })).statusCode).toBe(401);
    expect((await post('logout', { refresh_token: 'garbage.token.value' })).statusCode).toBe(204);
  });

  it('rejects forged, expired and wrong-type access tokens with 401', async () => {
    const a = await register(t.app);
    const me = (token: string) => t.app.inject({ method: 'GET', url: '/api/users/profile', headers: { authorization: `Bearer ${token}` } });
    const secret = new TextEncoder().encode(t.config.jwt.secret);
    const expired = await new SignJWT({ typ: 'access', role: 'customer' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(a.id)
      .setIssuer('parkpass')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(secret);
    const forged = await new SignJWT({ typ: 'access', role: 'admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(a.id)
      .setIssuer('parkpass')
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode('x'.repeat(32)));
    const [h, p] = a.access.split('.');
    const unsigned = `${h}.${p}.`;
    const noneAlg = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${p}.`;
    for (const token of [expired, forged, unsigned, noneAlg, a.refresh]) {
      const res = await me(token);
      expect(res.statusCode).toBe(401);
    }
    expect((await me(a.access)).statusCode).toBe(200);
  });

  it('resets a password with a single-use, expiring code sent by mail', async () => {
    const a = await register(t.app);
    expect((await post('forgot-password', { email: 'nobody@example.test' })).statusCode).toBe(202);
    expect((await post('forgot-password', { email: a.email })).statusCode).toBe(202);
    const mail = t.mailer.sent.find((m) => m.to === a.email)!;
    const code = /\n\n(\S+)\n\n/.exec(mail.text)![1]!;
    expect((await post('reset-password', { token: code, password: 'a brand new one' })).statusCode).toBe(204);
    expect((await post('reset-password', { token: code, password: 'and again please' })).statusCode).toBe(400);
    expect((await post('login', { email: a.email, password: a.password })).statusCode).toBe(401);
    expect((await post('login', { email: a.email, password: 'a brand new one' })).statusCode).toBe(200);
    // Sessions from before the reset are gone.
    expect((await post('refresh', { refresh_token: a.refresh })).statusCode).toBe(401);

    await post('forgot-password', { email: a.email });
    const late = /\n\n(\S+)\n\n/.exec(t.mailer.sent.at(-1)!.text)![1]!;
    await t.database.db.update(passwordResets).set({ expiresAt: new Date(Date.now() - 1000) });
    expect((await post('reset-password', { token: late, password: 'too late now' })).statusCode).toBe(400);
  });
});
