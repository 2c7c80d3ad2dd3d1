import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config';
import { PassSigner } from '../../src/shared/pass';
import { backends } from '../helpers/pg';
import { type TestApp, startTestApp } from './app';

describe.each(backends())('health and readiness on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(backend);
  });
  afterAll(async () => t?.close());

  it('answers /health and /ready over real HTTP, with a request id', async () => {
    const base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect(health.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const ready = await fetch(`${base}/ready`);
    expect(await ready.json()).toEqual({ status: 'ready', database: backend });
  });

  it('seeds the eight default amenities and answers unknown routes with 404 in the error shape', async () => {
    const rows = await t.database.db.query.amenities.findMany();
    expect(rows.map((r) => r.name).sort()).toContain('EV Charging');
    expect(rows).toHaveLength(8);
    const res = await t.app.inject({ method: 'GET', url: '/api/nothing' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
  });
});

describe('configuration', () => {
  const key = PassSigner.generate().toPkcs8();
  const good = { NODE_ENV: 'production', JWT_SECRET: 'a'.repeat(32), JWT_REFRESH_SECRET: 'b'.repeat(32), PASS_SIGNING_KEY: key };

  it('reads the seed variable names with their defaults', () => {
    const c = loadConfig({ ...good, JWT_EXPIRES_IN: '15m', PORT: '4000', FRONTEND_URL: 'http://localhost:5173' });
    expect(c.port).toBe(4000);
    expect(c.jwt.accessTtlSeconds).toBe(900);
    expect(c.jwt.refreshTtlSeconds).toBe(7 * 86_400);
    expect(c.corsOrigins).toEqual(['http://localhost:5173']);
    expect(c.passSigner.publicKey).toBe(PassSigner.fromPkcs8(key).publicKey);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ JWT_REFRESH_SECRET: undefined }, 'JWT_REFRESH_SECRET'],
    [{ JWT_EXPIRES_IN: 'soon' }, 'JWT_EXPIRES_IN'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ PASS_SIGNING_KEY: 'not-a-key' }, 'PASS_SIGNING_KEY'],
    [{ FRONTEND_URL: 'not a url' }, 'FRONTEND_URL'],
  ])('stops on a bad value and names the variable (%o)', (change, variable) => {
    expect(() => loadConfig({ ...good, ...change })).toThrow(ConfigError);
    expect(() => loadConfig({ ...good, ...change })).toThrow(new RegExp(`^${variable}:`));
  });

  it('generates missing secrets only in development', () => {
    const dev = loadConfig({ NODE_ENV: 'development', PARKPASS_DATA_DIR: '/tmp/x' }, () => ({
      jwtSecret: 'j'.repeat(32),
      jwtRefreshSecret: 'r'.repeat(32),
      passSigningKey: key,
    }));
    expect(dev.jwt.secret).toBe('j'.repeat(32));
    expect(() => loadConfig({ NODE_ENV: 'test' })).toThrow(/^JWT_SECRET: required/);
  });
});
