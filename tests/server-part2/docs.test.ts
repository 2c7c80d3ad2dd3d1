// The API documents itself: the OpenAPI JSON names every route Fastify registered (and nothing else), the
// README's endpoint table lists the same routes, and /api/docs is a Swagger UI page that loads in Chromium
// with nothing fetched from anywhere but the API.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app';
import { DOCS_PREFIX } from '../../server/docs/index';
import { backends, openTestDatabase, type TestDatabase } from '../helpers/pg';
import { launchBrowser, openPage } from '../helpers/browser';
import { testConfig } from '../server/app';

let database: TestDatabase;
let app: FastifyInstance;
let url: string;
let browser: Browser | null = null;

beforeAll(async () => {
  database = await openTestDatabase(backends()[0]!);
  app = await buildApp(testConfig(), database, { logger: false });
  url = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await database?.close();
});

/** "GET /api/spots/{id}": OpenAPI's path syntax, no trailing slash (Fastify serves /x and /x/ alike under a prefix). */
const key = (method: string, path: string): string =>
  `${method.toUpperCase()} ${path.replace(/:(\w+)/g, '{$1}').replace(/\/\*$/, '/{*}').replace(/(.)\/$/, '$1')}`;

/** What Fastify serves, less what is not an API operation: HEAD twins of GETs, CORS preflights, the docs themselves. */
function fastifyRoutes(): Set<string> {
  return new Set(
    app.registeredRoutes
      .filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS' && !r.url.startsWith(DOCS_PREFIX))
      .map((r) => key(r.method, r.url)),
  );
}

async function getJson(path: string): Promise<{ status: number; body: { paths: Record<string, Record<string, unknown>> } }> {
  const res = await fetch(`${url}${path}`);
  return { status: res.status, body: (await res.json()) as { paths: Record<string, Record<string, unknown>> } };
}

it('serves the OpenAPI JSON at /api/docs/json listing exactly the routes Fastify registered', async () => {
  const { status, body } = await getJson(`${DOCS_PREFIX}/json`);
  expect(status).toBe(200);
  const documented = new Set(Object.entries(body.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => key(m, path))));
  const routes = fastifyRoutes();
  expect(routes.size).toBeGreaterThan(50);
  expect([...routes].filter((r) => !documented.has(r)), 'routes missing from the OpenAPI document').toEqual([]);
  expect([...documented].filter((d) => !routes.has(d)), 'documented operations with no route').toEqual([]);
  // The older path serves the same document.
  expect((await getJson(`${DOCS_PREFIX}/openapi.json`)).body).toEqual(body);
  // Generated from the zod schemas, and the WebSocket route described from the live protocol's.
  expect(body.paths['/api/reviews/']!.post).toMatchObject({ requestBody: { content: { 'application/json': { schema: { properties: { rating: { type: 'integer', minimum: 1, maximum: 5 } } } } } } });
  expect(JSON.stringify(body.paths['/api/live']!.get)).toContain('subscribe');
});

/**
 * The README's endpoint table, expanded: "`POST /api/auth/register`, `/login`" is two routes (a lone segment
 * replaces the last one), "`GET /api/admin/a`, `/api/admin/b`" two GETs, "`GET\|PUT /x`" two methods.
 */
function readmeRoutes(): Set<string> {
  const text = readFileSync(join(process.cwd(), 'README.md'), 'utf8');
  const section = text.slice(text.indexOf('## ParkPass API endpoints'));
  const table = section.slice(0, section.indexOf('\n## ')).split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Area') && !l.startsWith('| ---'));
  const out = new Set<string>();
  for (const row of table) {
    let methods: string[] = [];
    let last = '';
    for (const [, code] of row.matchAll(/`([^`]+)`/g)) {
      const m = /^((?:[A-Z]+\\?\|)*[A-Z]+) (\/\S*)$/.exec(code!.replace(/\?.*$/, ''));
      const bare = /^\/[\w-]+(\/[\w-]+)*$/.exec(code!);
      if (m) {
        methods = m[1]!.split(/\\?\|/);
        last = m[2]!;
      } else if (bare && last) last = bare[1] ? bare[0] : last.replace(/\/[^/]+$/, bare[0]);
      else continue;
      for (const method of methods) out.add(key(method, last));
    }
  }
  return out;
}

it("README's endpoint table lists every route, and no route that does not exist", () => {
  const listed = readmeRoutes();
  const routes = fastifyRoutes();
  expect([...routes].filter((r) => !listed.has(r)), 'routes missing from the README').toEqual([]);
  expect([...listed].filter((l) => !routes.has(l)), 'README entries with no route').toEqual([]);
});

it('shows the Swagger UI page at /api/docs, every asset from the API itself', async () => {
  browser = await launchBrowser();
  const { page, errors } = await openPage(browser);
  const requested: string[] = [];
  page.on('request', (r) => requested.push(r.url()));
  const res = await page.goto(`${url}${DOCS_PREFIX}`);
  expect(res?.status()).toBe(200);
  expect(res?.headers()['content-security-policy']).toContain("default-src 'self'");
  // Rendered from the JSON: operations grouped by tag, with their paths.
  await page.locator('.opblock-summary-path', { hasText: '/api/bookings/validate' }).first().waitFor({ timeout: 60_000 });
  expect(await page.locator('.opblock').count()).toBeGreaterThan(50);
  expect(await page.locator('.info .title').innerText()).toContain('ParkPass API');
  expect(requested.filter((u) => !u.startsWith(url) && !u.startsWith('data:'))).toEqual([]);
  expect(requested.some((u) => u.endsWith(`${DOCS_PREFIX}/json`))).toBe(true);
  expect(errors).toEqual([]);
}, 150_000);
