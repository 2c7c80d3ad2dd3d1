/**
 * Builds the real API on a fresh database for a test file, with a config like production's except for cheap
 * password hashing and generous rate limits (the rate-limit tests build their own app with low ones).
 */
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { users } from '../../db/central/schema';
import { buildApp } from '../../server/app';
import { memoryMailer } from '../../server/auth/mailer';
import { type Config, DEFAULT_POOL_SIZE } from '../../server/config';
import { PassSigner } from '../../src/shared/pass';
import { type Backend, type TestDatabase, openTestDatabase } from '../helpers/pg';

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    env: 'test',
    host: '127.0.0.1',
    port: 0,
    databaseUrl: undefined,
    databasePoolSize: DEFAULT_POOL_SIZE,
    databaseConnectTimeoutSeconds: 30,
    databaseLockTimeoutSeconds: 5,
    databaseIdleTransactionTimeoutSeconds: 30,
    dataDir: '/tmp/parkpass-test-data',
    jwt: {
      secret: randomBytes(32).toString('base64url'),
      refreshSecret: randomBytes(32).toString('base64url'),
      accessTtlSeconds: 900,
      refreshTtlSeconds: 7 * 86_400,
    },
    passSigner: PassSigner.generate(),
    corsOrigins: ['http://localhost:5173'],
    rateLimits: { auth: 10_000, validate: 10_000 },
    passwordResetTtlSeconds: 1800,
    passwordCost: 10,
    logLevel: 'silent',
    trustProxy: false,
    ...overrides,
  };
}

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  config: Config;
  mailer: ReturnType<typeof memoryMailer>;
  close(): Promise<void>;
}

export async function startTestApp(backend: Backend, overrides: Partial<Config> = {}, poolSize = 10): Promise<TestApp> {
  const database = await openTestDatabase(backend, poolSize);
  const config = testConfig(overrides);
  const mailer = memoryMailer();
  const app = await buildApp(config, database, { mailer, logger: false });
  await app.ready();
  return {
    app,
    database,
    config,
    mailer,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

let counter = 0;
export interface Account {
  id: string;
  email: string;
  password: string;
  access: string;
  refresh: string;
  auth: { authorization: string };
}

/** Registers a fresh account through the API. */
export async function register(app: FastifyInstance, user_type: 'customer' | 'owner' = 'customer'): Promise<Account> {
  const email = `user${++counter}-${randomBytes(3).toString('hex')}@example.test`;
  const password = 'correct horse battery';
  const res = await app.inject({ method: 'POST', url: '/api/auth/register', payload: { email, password, name: `User ${counter}`, user_type } });
  if (res.statusCode !== 201) throw new Error(`register failed: ${res.statusCode} ${res.body}`);
  const body = res.json();
  return { id: body.user.id, email, password, access: body.access_token, refresh: body.refresh_token, auth: { authorization: `Bearer ${body.access_token}` } };
}

/** Admins are never self-registered: a test makes one the way an operator would, in the database. */
export async function makeAdmin(t: TestApp): Promise<Account> {
  const a = await register(t.app);
  await t.database.db.update(users).set({ userType: 'admin' }).where(eq(users.id, a.id));
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: a.email, password: a.password } });
  const token = res.json().access_token as string;
  return { ...a, access: token, auth: { authorization: `Bearer ${token}` } };
}

export const lotInput = (over: Record<string, unknown> = {}) => ({
  name: 'Central Garage',
  address: '1 Main St',
  latitude: 51.5074,
  longitude: -0.1278,
  total_slots: 10,
  price_cents: 400,
  price_type: 'hour',
  time_zone: 'Europe/London',
  ...over,
});

export async function createLot(t: TestApp, owner: Account, over: Record<string, unknown> = {}) {
  const res = await t.app.inject({ method: 'POST', url: '/api/spots', headers: owner.auth, payload: lotInput(over) });
  if (res.statusCode !== 201) throw new Error(`create lot failed: ${res.statusCode} ${res.body}`);
  return res.json();
}

let plates = 0;
export async function addVehicle(t: TestApp, who: Account): Promise<string> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/vehicles',
    headers: who.auth,
    payload: { make: 'Test', model: 'Car', license_plate: `T${++plates}${randomBytes(2).toString('hex')}` },
  });
  if (res.statusCode !== 201) throw new Error(`add vehicle failed: ${res.statusCode} ${res.body}`);
  return res.json().id;
}

/** An hour-aligned window `fromH` hours from now lasting `hours`. */
export function window(fromH: number, hours: number): { start_time: string; end_time: string } {
  const base = Math.ceil(Date.now() / 3_600_000) * 3_600_000;
  return { start_time: new Date(base + fromH * 3_600_000).toISOString(), end_time: new Date(base + (fromH + hours) * 3_600_000).toISOString() };
}

/**
 * `who` books a new vehicle of theirs at a lot from `fromMs` (rounded up to the minute) for `hours`, through the
 * API; the raw reply.
 */
export async function bookFrom(t: TestApp, who: Account, lotId: string, fromMs: number, hours: number) {
  const vehicle_id = await addVehicle(t, who);
  const start = new Date(Math.ceil(fromMs / 60_000) * 60_000);
  return t.app.inject({
    method: 'POST', url: '/api/bookings', headers: who.auth,
    payload: { spot_id: lotId, vehicle_id, start_time: start.toISOString(), end_time: new Date(start.getTime() + hours * 3_600_000).toISOString() },
  });
}

/** A lot's available_slots as its detail shows it. */
export async function availableSlots(t: TestApp, lotId: string): Promise<number> {
  return (await t.app.inject({ method: 'GET', url: `/api/spots/${lotId}` })).json().available_slots as number;
}
