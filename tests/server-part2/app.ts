// The real API (buildApp, with part 2's services) on a fresh database, listening on a real port. Part 2's
// background timers stay off: tests run reminders and refunds by hand so they can wait for them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type Stripe from 'stripe';
import { buildApp } from '../../server/app';
import { type Mailer, memoryMailer } from '../../server/auth/mailer';
import type { Config } from '../../server/config';
import type { Extras, ExtrasOptions } from '../../server/services';
import type { Storage } from '../../server/storage/index';
import { type Backend, type TestDatabase, openTestDatabase } from '../helpers/pg';
import { testConfig } from '../server/app';

export interface Part2App extends Extras {
  app: FastifyInstance;
  url: string;
  database: TestDatabase;
  config: Config;
  mailer: Mailer;
  sent: ReturnType<typeof memoryMailer>['sent'];
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
  extras?: ExtrasOptions;
}

export async function startPart2App(backend: Backend, opts: Part2Options = {}): Promise<Part2App> {
  const database = await openTestDatabase(backend);
  const scratch = mkdtempSync(join(tmpdir(), 'pp2-data-'));
  const config = testConfig({ dataDir: scratch, ...opts.config });
  const memory = memoryMailer();
  const mailer = opts.mailer ?? memory;
  const app = await buildApp(config, database, {
    mailer,
    logger: false,
    extras: {
      maxImageBytes: 256 * 1024,
      ...(opts.storage && { storage: opts.storage }),
      ...(opts.maxImageBytes && { maxImageBytes: opts.maxImageBytes }),
      ...(opts.stripe && { stripe: opts.stripe }),
      ...(opts.webhookSecret && { webhookSecret: opts.webhookSecret }),
      ...opts.extras,
    },
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    ...app.extras,
    app,
    url,
    database,
    config,
    mailer,
    sent: memory.sent,
    async close() {
      await app.close();
      await database.close();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}
