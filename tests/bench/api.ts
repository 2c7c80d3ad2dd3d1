/**
 * API benchmark on real PostgreSQL: lot search and booking creation throughput, each beside a bare Fastify route
 * measured in the same run with the same client (goals: search ≥ 0.3×, booking ≥ 0.1× of the bare route), and
 * the number of oversold bays afterwards (goal 0), including a 200-request race for a 10-bay lot.
 * Uses DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) to create and drop its own database.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism } from 'node:os';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import Fastify from 'fastify';
import { buildApp } from '../../server/app';
import { DEFAULT_POOL_SIZE } from '../../server/config';
import { memoryMailer } from '../../server/auth/mailer';
import { peakHolds } from '../../server/spots/capacity';
import { openTestDatabase } from '../helpers/pg';
import { testConfig } from '../server/app';
import { cpuNow, cpuSince } from './cpu';
import type { Figure } from './figure';

/** Each workload runs ROUNDS × SLICE_MS, interleaved with the others, so a busy neighbour skews them alike. */
const ROUNDS = 5;
const SLICE_MS = 1_000;
const CONCURRENCY = 32;
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

interface Reply {
  status: number;
  body: string;
}

function request(port: number, method: string, path: string, headers: Record<string, string> = {}, body?: unknown): Promise<Reply> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method, path, agent, headers: { ...headers, ...(payload && { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }) } },
      (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (data += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

interface Load {
  worker: (slot: number, n: number) => Promise<boolean>;
  ok: number;
  failures: number;
  ms: number;
  /** CPU (ms) used while the counted slices ran: this process (server and load client) and PostgreSQL. */
  cpu: { node: number; pg: number | null };
  /** Per-slot request counters, carried across slices. */
  next: number[];
}

const load = (worker: Load['worker']): Load => ({ worker, ok: 0, failures: 0, ms: 0, cpu: { node: 0, pg: 0 }, next: Array(CONCURRENCY).fill(0) });

/** Runs the load's worker in CONCURRENCY loops for one slice; a warm-up slice (JIT, pool, caches) is not counted. */
async function slice(l: Load, warmUp = false): Promise<void> {
  const until = Date.now() + SLICE_MS;
  const started = performance.now();
  const cpuAtStart = cpuNow();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, slot) => {
      while (Date.now() < until) {
        const ok = await l.worker(slot, l.next[slot]!++);
        if (warmUp) continue;
        if (ok) l.ok++;
        else l.failures++;
      }
    }),
  );
  if (warmUp) return;
  l.ms += performance.now() - started;
  const used = cpuSince(cpuAtStart);
  l.cpu = { node: l.cpu.node + used.node, pg: l.cpu.pg === null || used.pg === null ? null : l.cpu.pg + used.pg };
}

const rps = (l: Load) => l.ok / (l.ms / 1000);

export async function run(): Promise<Figure[]> {
  process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
  // The pool the server has by default (DATABASE_POOL_SIZE): the product as it runs.
  const database = await openTestDatabase('postgres', DEFAULT_POOL_SIZE);
  const config = testConfig({ passwordCost: 12 });
  const app = await buildApp(config, database, { mailer: memoryMailer(), logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as AddressInfo).port;
  const bare = Fastify({ logger: false });
  bare.get('/bare', async () => ({ status: 'ok' }));
  // The least a write can cost here: a transaction that locks a row, inserts one and commits (4 round trips,
  // one WAL flush), through node-postgres. A yardstick that moves with the database as the bare route moves
  // with Node.
  const probePool = new pg.Pool({ connectionString: database.url, max: DEFAULT_POOL_SIZE });
  await probePool.query('CREATE TABLE bench_probe (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(), payload text NOT NULL)');
  await probePool.query('CREATE TABLE bench_probe_lock (id int PRIMARY KEY)');
  await probePool.query('INSERT INTO bench_probe_lock SELECT generate_series(0, 19)');
  bare.post('/bare-write', async () => {
    const client = await probePool.connect();
    try {
      await client.query('BEGIN');
      await client.query({ name: 'lock', text: 'SELECT id FROM bench_probe_lock WHERE id = $1 FOR UPDATE', values: [Math.floor(Math.random() * 20)] });
      await client.query({ name: 'write', text: 'INSERT INTO bench_probe (payload) VALUES ($1)', values: ['a booking-sized row '.repeat(10)] });
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    return { status: 'ok' };
  });
  await bare.listen({ host: '127.0.0.1', port: 0 });
  const barePort = (bare.server.address() as AddressInfo).port;

  try {
    const json = <T>(r: Reply) => JSON.parse(r.body) as T;
    const registerUser = async (user_type: string, i: number) =>
      json<{ access_token: string }>(
        await request(port, 'POST', '/api/auth/register', {}, { email: `bench${user_type}${i}@example.test`, password: 'bench password', name: `B${i}`, user_type }),
      ).access_token;
    const ownerAuth = { authorization: `Bearer ${await registerUser('owner', 0)}` };

    // 400 lots scattered over ~20 km around a point; 20 of them take the bookings.
    const lots: string[] = [];
    for (let i = 0; i < 400; i++) {
      const r = await request(port, 'POST', '/api/spots', ownerAuth, {
        name: `Lot ${i}`,
        address: `${i} Bench Road`,
        latitude: 48.8566 + ((i % 20) - 10) * 0.009,
        longitude: 2.3522 + (Math.floor(i / 20) - 10) * 0.013,
        total_slots: 5,
        price_cents: 100 + (i % 50) * 10,
        price_type: 'hour',
      });
      lots.push(json<{ id: string }>(r).id);
    }
    const drivers: Array<{ auth: Record<string, string>; vehicle: string }> = [];
    for (let i = 0; i < CONCURRENCY; i++) {
      const auth = { authorization: `Bearer ${await registerUser('customer', i)}` };
      const v = json<{ id: string }>(await request(port, 'POST', '/api/vehicles', auth, { make: 'Bench', model: 'Car', license_plate: `BENCH${i}` }));
      drivers.push({ auth, vehicle: v.id });
    }

    const bareRun = load(async () => (await request(barePort, 'GET', '/bare')).status === 200);
    const bareWriteRun = load(async () => (await request(barePort, 'POST', '/bare-write')).status === 200);
    // 14 distinct searches, repeated: popular queries, mostly answered from the cache.
    const searchRun = load(async (slot, n) => {
      const lat = 48.8566 + (((slot + n) % 7) - 3) * 0.01;
      const r = await request(port, 'GET', `/api/spots?lat=${lat}&lng=2.3522&radius_km=3&limit=20&sort=${n % 2 ? 'distance' : 'price'}`);
      return r.status === 200;
    });
    // Every request a point never asked before: what a search costs when the answer cache cannot help.
    let missPoint = 0;
    const searchMissRun = load(async () => {
      const lat = 48.8566 + (++missPoint % 1_000_000) * 1e-7;
      const r = await request(port, 'GET', `/api/spots?lat=${lat}&lng=2.3522&radius_km=3&limit=20&sort=distance`);
      return r.status === 200;
    });
    const base = Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 3_600_000;
    const bookingLots = lots.slice(0, 20);
    const bookRun = load(async (slot, n) => {
      // Each car books consecutive hours; two cars at most share a lot's hour, so no request is turned away.
      const start = base + n * 3_600_000;
      const r = await request(port, 'POST', '/api/bookings', drivers[slot]!.auth, {
        spot_id: bookingLots[(slot + n) % bookingLots.length],
        vehicle_id: drivers[slot]!.vehicle,
        start_time: new Date(start).toISOString(),
        end_time: new Date(start + 3_600_000).toISOString(),
      });
      return r.status === 201;
    });
    const loads = [bareRun, bareWriteRun, searchRun, searchMissRun, bookRun];
    for (const l of loads) await slice(l, true);
    for (let round = 0; round < ROUNDS; round++) for (const l of loads) await slice(l);

    // The race: 200 requests for the same hour of a 10-bay lot from 200 cars.
    const raceLot = json<{ id: string }>(
      await request(port, 'POST', '/api/spots', ownerAuth, { name: 'Race', address: 'x', latitude: 0, longitude: 0, total_slots: 10, price_cents: 100, price_type: 'hour' }),
    ).id;
    const racers: Array<{ auth: Record<string, string>; vehicle: string }> = [];
    for (const d of drivers) {
      for (let k = 0; k < 200 / CONCURRENCY + 1 && racers.length < 200; k++) {
        const v = json<{ id: string }>(await request(port, 'POST', '/api/vehicles', d.auth, { make: 'R', model: 'C', license_plate: `R${racers.length}X` }));
        racers.push({ auth: d.auth, vehicle: v.id });
      }
    }
    const raceStart = new Date(base - 3_600_000 + 86_400_000 * 300).toISOString();
    const raceEnd = new Date(base + 86_400_000 * 300).toISOString();
    const race = await Promise.all(
      racers.map((r) => request(port, 'POST', '/api/bookings', r.auth, { spot_id: raceLot, vehicle_id: r.vehicle, start_time: raceStart, end_time: raceEnd })),
    );
    const raceWins = race.filter((r) => r.status === 201).length;

    // History: 100,000 bookings on record from 2,000 other cars, four in five over (half a year of them at
    // each lot taking the bench's bookings), one in five still to come (at another lot), and 100,000 e-mails
    // already sent. A booking must cost about what it costs on a fresh database: its queries reach what they
    // need through indexes, never through everything on record.
    const historyOwner = json<{ id: string }>(await request(port, 'GET', '/api/users/profile', ownerAuth)).id;
    await database.db.execute(sql`
      INSERT INTO vehicles (user_id, make, model, license_plate)
      SELECT ${historyOwner}, 'History', 'Car', 'HIST' || g FROM generate_series(1, 2000) g`);
    await database.db.execute(sql`
      INSERT INTO bookings (spot_id, user_id, vehicle_id, start_time, end_time, total_cost, status, qr_code, pin)
      SELECT CASE WHEN g <= 80000 THEN (${`{${bookingLots.join(',')}}`}::uuid[])[1 + g % 20] ELSE ${lots.at(-1)!}::uuid END,
             v.user_id, v.id, h.start, h.start + interval '30 minutes',
             2.50, (CASE WHEN g <= 80000 THEN 'completed' ELSE 'pending' END)::booking_status, 'history-' || g, lpad((g % 10000)::text, 4, '0')
      FROM generate_series(1, 100000) g
      JOIN vehicles v ON v.license_plate = 'HIST' || (1 + g % 2000)
      CROSS JOIN LATERAL (SELECT now() + (CASE WHEN g <= 80000 THEN -(g / 20 + 2) ELSE g - 80000 END) * interval '1 hour' AS start) h`);
    await database.db.execute(sql`
      INSERT INTO mail_outbox (to_address, subject, body, sent_at, attempts)
      SELECT 'history@example.test', 'Booking confirmed', 'history', now(), 1 FROM generate_series(1, 100000)`);
    await database.db.execute(sql`ANALYZE bookings`);
    await database.db.execute(sql`ANALYZE mail_outbox`);
    const bareAgain = load(bareRun.worker);
    const bookWithHistory = load(bookRun.worker);
    bookWithHistory.next = bookRun.next;
    for (let round = 0; round < ROUNDS; round++) for (const l of [bareAgain, bookWithHistory]) await slice(l);
    const historyRatio = rps(bookWithHistory) / rps(bareAgain) / (rps(bookRun) / rps(bareRun));

    // Oversold bays anywhere: the peak of overlapping live bookings of each lot beyond its unblocked bays.
    const rows = await database.db.execute<{ spot_id: string; s: string; e: string; cap: number }>(sql`
      SELECT b.spot_id, b.start_time::text AS s, b.end_time::text AS e,
             (SELECT count(*) FROM bays WHERE lot_id = b.spot_id AND NOT blocked)::int AS cap
      FROM bookings b WHERE b.status IN ('pending', 'active')`);
    const byLot = new Map<string, { cap: number; holds: Array<{ start: number; end: number; weight: number }> }>();
    for (const r of rows.rows) {
      const entry = byLot.get(r.spot_id) ?? { cap: r.cap, holds: [] };
      entry.holds.push({ start: Date.parse(r.s), end: Date.parse(r.e), weight: 1 });
      byLot.set(r.spot_id, entry);
    }
    let oversold = 0;
    for (const { cap, holds } of byLot.values()) oversold += Math.max(0, peakHolds(holds, -Infinity, Infinity) - cap);

    const ratio = (x: number) => x / rps(bareRun);
    // What a booking costs in CPU, and the most bookings a second these cores could serve at that cost
    // whatever the code did with its waits. A ceiling below 0.1× of the bare route means the goal needs less
    // work per booking, not better scheduling of it (batching, pool sizes, fewer round trips of the same work).
    const cores = availableParallelism();
    const nodePerBooking = bookRun.cpu.node / bookRun.ok;
    const cpuFigures: Figure[] = [{ name: 'booking creation: CPU per booking, API process (with its load client)', value: nodePerBooking, unit: 'ms', goal: null, met: null }];
    if (bookRun.cpu.pg !== null) {
      const pgPerBooking = bookRun.cpu.pg / bookRun.ok;
      const ceiling = (cores * 1000) / (nodePerBooking + pgPerBooking);
      cpuFigures.push(
        { name: 'booking creation: CPU per booking, PostgreSQL', value: pgPerBooking, unit: 'ms', goal: null, met: null },
        { name: `booking creation ceiling at that cost (${cores} cores ÷ CPU per booking)`, value: ceiling, unit: 'req/s', goal: null, met: null },
        { name: 'that ceiling vs bare route', value: ratio(ceiling), unit: '×', goal: null, met: null },
      );
    }
    return [
      { name: 'bare Fastify route', value: rps(bareRun), unit: 'req/s', goal: null, met: null },
      { name: 'lot search (400 lots, 3 km radius)', value: rps(searchRun), unit: 'req/s', goal: null, met: null },
      { name: 'lot search vs bare route', value: ratio(rps(searchRun)), unit: '×', goal: '≥ 0.3×', met: ratio(rps(searchRun)) >= 0.3 },
      { name: 'lot search, every point new (no cache hit)', value: rps(searchMissRun), unit: 'req/s', goal: null, met: null },
      { name: 'lot search, every point new, vs bare route', value: ratio(rps(searchMissRun)), unit: '×', goal: null, met: null },
      { name: 'booking creation', value: rps(bookRun), unit: 'req/s', goal: null, met: null },
      { name: 'booking creation vs bare route', value: ratio(rps(bookRun)), unit: '×', goal: '≥ 0.1×', met: ratio(rps(bookRun)) >= 0.1 },
      { name: 'bare write transaction (lock, insert, commit)', value: rps(bareWriteRun), unit: 'req/s', goal: null, met: null },
      { name: 'booking creation vs bare write transaction', value: rps(bookRun) / rps(bareWriteRun), unit: '×', goal: null, met: null },
      ...cpuFigures,
      { name: 'booking creation, 100k bookings (80k at the same lots) and 100k e-mails on record', value: rps(bookWithHistory), unit: 'req/s', goal: null, met: null },
      { name: 'booking creation with that history vs without (each vs bare route)', value: historyRatio, unit: '×', goal: '≥ 0.8×', met: historyRatio >= 0.8 },
      { name: 'booking requests refused during the run', value: bookRun.failures + bookWithHistory.failures + searchRun.failures + searchMissRun.failures, unit: 'requests', goal: null, met: null },
      { name: '200-request race for 10 bays: bookings made', value: raceWins, unit: 'bookings', goal: '= 10', met: raceWins === 10 },
      { name: 'oversold bays', value: oversold, unit: 'bays', goal: '= 0', met: oversold === 0 },
    ];
  } finally {
    await bare.close();
    await probePool.end();
    await app.close();
    await database.close();
    agent.destroy();
  }
}
