// Unexpected errors (and only those) reach Sentry through the official SDK when SENTRY_DSN is set, with the
// request id and without secrets; the SDK instruments nothing in the process.
import http from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app';
import { ApiError } from '../../server/errors';
import { parseDsn } from '../../server/metrics/sentry';
import { extrasFromEnv } from '../../server/services';
import { ConfigError } from '../../server/config';
import { backends, openTestDatabase, type TestDatabase } from '../helpers/pg';
import { testConfig } from '../server/app';
import { startFakeSentry, type FakeSentry } from '../fakes/sentry';

let sentry: FakeSentry;
let database: TestDatabase;
let app: FastifyInstance;
let url: string;
// What the SDK's default integrations would wrap or add; with none installed they stay as they were.
const before = { fetch: globalThis.fetch, request: http.request, get: http.get, uncaught: process.listenerCount('uncaughtException'), rejection: process.listenerCount('unhandledRejection') };

beforeAll(async () => {
  sentry = await startFakeSentry();
  database = await openTestDatabase(backends()[0]!);
  app = await buildApp(testConfig(), database, { logger: false, extras: { sentry: parseDsn(sentry.dsn) } });
  // Stand-ins for a bug and for a refusal inside some route.
  app.get('/test/bug', async () => {
    throw new TypeError('cannot read properties of undefined');
  });
  app.post('/test/bug-with-body', async () => {
    throw new Error('connect failed for postgres://parkpass:db-password-never-sent@db.internal:5432/parkpass', { cause: new Error('ECONNREFUSED') });
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

async function eventsSettled(n: number): Promise<void> {
  for (let i = 0; i < 250 && sentry.events.length < n; i++) await new Promise((r) => setTimeout(r, 20));
  // Anything that should not have been sent has had the same time to arrive.
  await new Promise((r) => setTimeout(r, 200));
}

it('sends a 500 through the SDK with its route and request id, and not 4xx refusals', async () => {
  const bug = await fetch(`${url}/test/bug?token=query-token-never-sent`, {
    headers: { authorization: 'Bearer secret-token-never-sent', cookie: 'session=cookie-never-sent' },
  });
  expect(bug.status).toBe(500);
  expect((await fetch(`${url}/test/refusal`)).status).toBe(409);
  expect((await fetch(`${url}/api/reviews/not-a-uuid`)).status).toBe(400);
  expect((await fetch(`${url}/api/nowhere`)).status).toBe(404);
  await eventsSettled(1);
  expect(sentry.events).toHaveLength(1);
  const event = sentry.events[0]!;
  expect(event).toMatchObject({
    transaction: 'GET /test/bug',
    level: 'error',
    environment: 'test',
    tags: { request_id: bug.headers.get('x-request-id'), status: '500', route: '/test/bug' },
    request: { method: 'GET', url: '/test/bug' },
    // Proof it came through the official SDK, not a hand-made envelope.
    sdk: { name: 'sentry.javascript.node' },
  });
  const ex = (event.exception as { values: Array<{ type: string; value: string; stacktrace?: { frames?: unknown[] } }> }).values.at(-1)!;
  expect(ex).toMatchObject({ type: 'TypeError', value: 'cannot read properties of undefined' });
  expect(ex.stacktrace?.frames?.length).toBeGreaterThan(0);
  const all = sentry.raw.join('\n');
  for (const secret of ['secret-token-never-sent', 'cookie-never-sent', 'query-token-never-sent']) expect(all).not.toContain(secret);
});

it('never sends bodies, passwords or credentials inside error messages; keeps the cause', async () => {
  const n = sentry.events.length;
  const res = await fetch(`${url}/test/bug-with-body`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer secret-token-never-sent' },
    body: JSON.stringify({ email: 'a@example.test', password: 'body-password-never-sent' }),
  });
  expect(res.status).toBe(500);
  await eventsSettled(n + 1);
  expect(sentry.events).toHaveLength(n + 1);
  const text = JSON.stringify(sentry.events.at(-1));
  expect(text).toContain('postgres://parkpass:[redacted]@db.internal');
  expect(text).toContain('ECONNREFUSED');
  const all = sentry.raw.join('\n');
  for (const secret of ['body-password-never-sent', 'db-password-never-sent', 'secret-token-never-sent']) expect(all).not.toContain(secret);
});

it('leaves fetch, http and the process handlers alone (no auto-instrumentation)', () => {
  expect(globalThis.fetch).toBe(before.fetch);
  expect(http.request).toBe(before.request);
  expect(http.get).toBe(before.get);
  expect(process.listenerCount('uncaughtException')).toBe(before.uncaught);
  expect(process.listenerCount('unhandledRejection')).toBe(before.rejection);
});

it('reads SENTRY_DSN and rejects a malformed one', () => {
  expect(extrasFromEnv({ SENTRY_DSN: sentry.dsn }, testConfig()).extras.sentry).toEqual({ dsn: sentry.dsn });
  expect(extrasFromEnv({}, testConfig()).extras.sentry).toBeNull();
  expect(() => extrasFromEnv({ SENTRY_DSN: 'https://host/42' }, testConfig())).toThrow(ConfigError);
  expect(() => parseDsn('not a dsn')).toThrow();
  expect(() => parseDsn('https://host/42')).toThrow();
});
