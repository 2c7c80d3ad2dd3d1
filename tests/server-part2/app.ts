// The real API (part 1's buildApp) plus part 2's plugins, on a fresh database, listening on a real port.
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app';
import type { Mailer } from '../../server/auth/mailer';
import { memoryMailer } from '../../server/auth/mailer';
import { verifyAccessToken } from '../../server/auth/tokens';
import type { Config } from '../../server/config';
import { LiveHub, liveRoutes, notificationSourceFor } from '../../server/live/index';
import { Notifier, notificationRoutes } from '../../server/notifications/index';
import { type Backend, type TestDatabase, openTestDatabase } from '../helpers/pg';
import { testConfig } from '../server/app';
import { sql } from 'drizzle-orm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reviewRoutes } from '../../server/reviews/index';
import { RefundRunner, paymentRoutes } from '../../server/payments/index';
import type Stripe from 'stripe';
import { diskStorage, imageServeRoutes, lotImageRoutes, type Storage } from '../../server/storage/index';

export interface Part2App {
  app: FastifyInstance;
  url: string;
  database: TestDatabase;
  config: Config;
  mailer: Mailer;
  sent: ReturnType<typeof memoryMailer>['sent'];
  hub: LiveHub;
  notifier: Notifier;
  storage: Storage;
  refunds: RefundRunner;
  close(): Promise<void>;
}

export interface Part2Options {
  mailer?: Mailer;
  config?: Partial<Config>;
  /** Default: local disk in a fresh temporary folder. */
  storage?: Storage;
  maxImageBytes?: number;
  /** A Stripe client (pointed at the local Stripe server); without it payments are "pay at the booth". */
  stripe?: Stripe;
  webhookSecret?: string;
  /** Extra plugins a test file needs, registered after the common ones. */
  register?: (app: FastifyInstance, ctx: { hub: LiveHub; notifier: Notifier }) => Promise<void>;
}

export async function startPart2App(backend: Backend, opts: Part2Options = {}): Promise<Part2App> {
  const database = await openTestDatabase(backend);
  const config = testConfig(opts.config);
  const memory = memoryMailer();
  const mailer = opts.mailer ?? memory;
  const app = await buildApp(config, database, { mailer, logger: false });
  const hub = new LiveHub(database.db, notificationSourceFor(database, { warn: () => undefined }));
  await hub.start();
  const notifier = new Notifier({ db: database.db, mailer, hub });
  const scratch = mkdtempSync(join(tmpdir(), 'pp2-data-'));
  const storage = opts.storage ?? diskStorage(join(scratch, 'images'));
  const maxImageBytes = opts.maxImageBytes ?? 256 * 1024;
  await app.register(liveRoutes, {
    hub,
    authenticate: async (token: string) => {
      const actor = await verifyAccessToken(token, config.jwt.secret);
      return actor ? { id: actor.id, role: actor.user_type } : null;
    },
    lotExists: async (id: string) =>
      (await database.db.execute(sql`SELECT 1 FROM parking_spots WHERE id = ${id} AND is_active`)).rows.length > 0,
  });
  await app.register(notificationRoutes, { prefix: '/api/notifications' });
  await app.register(reviewRoutes, { prefix: '/api/reviews', notifier, hub, storage, maxImageBytes });
  await app.register(lotImageRoutes, { storage, maxImageBytes });
  await app.register(imageServeRoutes, { storage });
  const payments = { stripe: opts.stripe ?? null, webhookSecret: opts.webhookSecret ?? null, currency: 'usd', notifier, hub };
  await app.register(paymentRoutes, payments);
  const refunds = new RefundRunner(database.db, payments);
  await opts.register?.(app, { hub, notifier });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    url,
    database,
    config,
    mailer,
    sent: memory.sent,
    hub,
    notifier,
    storage,
    refunds,
    async close() {
      await app.close();
      await refunds.stop();
      await notifier.stop();
      await hub.stop();
      await database.close();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}
