/**
 * Does error reporting cost the API anything when nothing fails? Two apps in one process on embedded PGlite,
 * one without Sentry and one with the SDK client (SENTRY_DSN pointing at the local fake), each serving
 * GET /health and GET /api/amenities to the same in-process client at 32 concurrent requests, in interleaved
 * 1 s slices after an uncounted warm-up. Prints req/s of each and the ratio. `npx tsx tests/bench/sentry-overhead.ts`
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app';
import { parseDsn } from '../../server/metrics/sentry';
import { startFakeSentry } from '../fakes/sentry';
import { openTestDatabase } from '../helpers/pg';
import { testConfig } from '../server/app';

const ROUNDS = 6;
const SLICE_MS = 1_000;
const CONCURRENCY = 32;
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

const get = (port: number, path: string) =>
  new Promise<number>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });

async function slice(port: number, path: string): Promise<{ ok: number; ms: number }> {
  const until = Date.now() + SLICE_MS;
  const started = performance.now();
  let ok = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (Date.now() < until) if ((await get(port, path)) === 200) ok++;
  }));
  return { ok, ms: performance.now() - started };
}

const fake = await startFakeSentry();
const database = await openTestDatabase('pglite');
const apps: Record<string, FastifyInstance> = {
  plain: await buildApp(testConfig(), database, { logger: false }),
  sentry: await buildApp(testConfig(), database, { logger: false, extras: { sentry: parseDsn(fake.dsn) } }),
};
const ports: Record<string, number> = {};
for (const [name, app] of Object.entries(apps)) {
  await app.listen({ host: '127.0.0.1', port: 0 });
  ports[name] = (app.server.address() as AddressInfo).port;
}
for (const path of ['/health', '/api/amenities']) {
  const total: Record<string, { ok: number; ms: number }> = { plain: { ok: 0, ms: 0 }, sentry: { ok: 0, ms: 0 } };
  for (const name of Object.keys(apps)) await slice(ports[name]!, path);
  for (let r = 0; r < ROUNDS; r++) {
    // Alternate which goes first, so a slowing neighbour does not favour one.
    for (const name of r % 2 ? ['sentry', 'plain'] : ['plain', 'sentry']) {
      const s = await slice(ports[name]!, path);
      total[name]!.ok += s.ok;
      total[name]!.ms += s.ms;
    }
  }
  const rps = (n: string) => total[n]!.ok / (total[n]!.ms / 1000);
  console.log(`${path}: without Sentry ${rps('plain').toFixed(0)} req/s, with the SDK client ${rps('sentry').toFixed(0)} req/s, ratio ${(rps('sentry') / rps('plain')).toFixed(3)}`);
}
for (const app of Object.values(apps)) await app.close();
await database.close();
await fake.close();
agent.destroy();
