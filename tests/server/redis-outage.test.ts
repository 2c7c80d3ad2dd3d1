// Redis shares rate-limit counters and search answers between API processes. When it is down, sign-in and gate
// validation must still work and still be limited (per process), and searches must still answer.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { memoryMailer } from '../../server/auth/mailer';
import { connectRedis } from '../../server/cache/redis';
import { freePort } from '../helpers/api-process';
import { type TestDatabase, openTestDatabase } from '../helpers/pg';
import { testConfig } from './app';

const login = (app: FastifyInstance, i: number) =>
  app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '10.7.7.7', payload: { email: 'nobody@example.test', password: `guess${i}xx` } });

describe('rate limits and search with Redis', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase('pglite');
  });
  afterAll(async () => database?.close());

  it('down: sign-up, sign-in and search answer, and credential attempts are still limited', async () => {
    const redis = connectRedis(`redis://127.0.0.1:${await freePort()}`); // nothing listens: Redis down
    const app = await buildApp(testConfig({ rateLimits: { auth: 3, validate: 3 } }), database, { mailer: memoryMailer(), logger: false, extras: { redis } });
    try {
      await app.ready();
      const signUp = await app.inject({ method: 'POST', url: '/api/auth/register', payload: { email: `r${randomBytes(3).toString('hex')}@example.test`, password: 'correct horse battery', name: 'R' } });
      expect(signUp.statusCode).toBe(201);
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await login(app, i)).statusCode);
      expect(statuses).toEqual([401, 401, 401, 429]);
      expect((await app.inject({ method: 'GET', url: '/api/spots?lat=51.5&lng=-0.12&radius_km=3' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it.runIf(process.env.REDIS_URL)('up: two API processes count one client’s attempts together', async () => {
    // Each app its own connection, as two processes would have; a fresh key space so no other test counts.
    const space = `pp-test-${randomBytes(4).toString('hex')}:`;
    const apps = await Promise.all(
      [0, 1].map(async () => {
        const redis = new Redis(process.env.REDIS_URL!, { keyPrefix: space, enableOfflineQueue: false });
        await new Promise((resolve) => redis.once('ready', resolve));
        const app = await buildApp(testConfig({ rateLimits: { auth: 3, validate: 3 } }), database, { mailer: memoryMailer(), logger: false, extras: { redis } });
        await app.ready();
        return app;
      }),
    );
    try {
      const [a, b] = apps as [FastifyInstance, FastifyInstance];
      const statuses = [(await login(a, 0)).statusCode, (await login(b, 1)).statusCode, (await login(a, 2)).statusCode, (await login(b, 3)).statusCode];
      expect(statuses).toEqual([401, 401, 401, 429]);
    } finally {
      await Promise.all(apps.map((app) => app.close()));
    }
  });
});
