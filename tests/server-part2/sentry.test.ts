// Unexpected errors (and only those) reach Sentry when SENTRY_DSN is set, without headers or bodies.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app';
import { ApiError } from '../../server/errors';
import { parseDsn } from '../../server/metrics/sentry';
import { backends, openTestDatabase, type TestDatabase } from '../helpers/pg';
import { testConfig } from '../server/app';
import { startFakeSentry, type FakeSentry } from '../fakes/sentry';

let sentry: FakeSentry;
let database: TestDatabase;
let app: FastifyInstance;
let url: string;

beforeAll(async () => {
  sentry = await startFakeSentry();
  database = await openTestDatabase(backends()[0]!);
  app = await buildApp(testConfig(), database, { logger: false, extras: { sentry: parseDsn(sentry.dsn) } });
  // Stand-ins for a bug and for a refusal inside some route.
  app.get('/test/bug', async () => {
    throw new TypeError('cannot read properties of undefined');
  });
  app.get('/test/refusal', async () => {
    throw new ApiError(409, 'conflict', 'refused on purpose');
  });
  url = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await app?.close();
  await database?.close();
  await sentry?.close();
});

it('reports a 500 with its route and request id, and not 4xx refusals', async () => {
  const bug = await fetch(`${url}/test/bug`, { headers: { authorization: 'Bearer secret-token-never-sent' } });
  expect(bug.status).toBe(500);
  expect((await fetch(`${url}/test/refusal`)).status).toBe(409);
  expect((await fetch(`${url}/api/reviews/not-a-uuid`)).status).toBe(400);
  for (let i = 0; i < 100 && sentry.events.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 100));
  expect(sentry.events).toHaveLength(1);
  const event = sentry.events[0]!;
  expect(event).toMatchObject({ transaction: 'GET /test/bug', level: 'error', tags: { request_id: bug.headers.get('x-request-id'), status: '500' } });
  expect(JSON.stringify(event)).toContain('cannot read properties of undefined');
  expect(JSON.stringify(event)).not.toContain('secret-token-never-sent');
});

it('rejects a malformed DSN', () => {
  expect(() => parseDsn('not a dsn')).toThrow();
  expect(() => parseDsn('https://host/42')).toThrow();
});
