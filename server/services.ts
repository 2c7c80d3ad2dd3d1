/**
 * The API's long-lived services in one place (live event hub, notifier with its mail outbox,
 * image storage, Stripe payments and refunds, reminders, metrics, OpenAPI) and the routes that use them.
 * buildApp calls installExtras before the resource routes (metrics, docs and the booking observer must see
 * every route as it is added) and registerExtraRoutes after them.
 */
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { connectRedis } from './cache/redis';
import type Stripe from 'stripe';
import { z } from 'zod';
import { blockRoutes } from './admin/block-routes';
import { adminRoutes } from './admin/routes';
import type { Mailer } from './auth/mailer';
import { type Config, ConfigError } from './config';
import type { Database } from './db';
import { docsRoutes, installDocs } from './docs/index';
import { type Geocoder, geocodeNewLots, googleGeocoder } from './geocoding/index';
import { LiveHub, liveRoutes, notificationSourceFor, pruneEvents } from './live/index';
import { installMetrics } from './metrics/index';
import { installSentry, parseDsn, type SentryTarget } from './metrics/sentry';
import { Notifier, notificationRoutes, observeBookings, pruneMail, sendReminders, smtpMailer, smtpOptionsFromEnv } from './notifications/index';
import { RefundRunner, paymentRoutes, paymentsFromEnv, type PaymentDeps } from './payments/index';
import { reviewRoutes } from './reviews/index';
import { findLot } from './spots/repository';
import { diskStorage, imageServeRoutes, lotImageRoutes, storageFromEnv, type Storage } from './storage/index';

export interface ExtrasOptions {
  /** Default: local disk under <dataDir>/images. */
  storage?: Storage;
  maxImageBytes?: number;
  /** Without a Stripe client, bookings are paid at the booth. */
  stripe?: Stripe | null;
  webhookSecret?: string | null;
  currency?: string;
  /** Shared rate limits and search answers across API processes (see cache/redis connectRedis). */
  redis?: Redis | null;
  metricsToken?: string | null;
  processMetrics?: boolean;
  /** Fills a new lot's coordinates from its address (GOOGLE_MAPS_API_KEY). */
  geocoder?: Geocoder | null;
  /** Where unexpected errors are reported (SENTRY_DSN). */
  sentry?: SentryTarget | null;
  /** Timers for mail retries, refunds and reminders (the server turns them on; tests drive them by hand). */
  background?: boolean;
}

export interface Extras {
  hub: LiveHub;
  notifier: Notifier;
  storage: Storage;
  refunds: RefundRunner;
  payments: PaymentDeps;
  webhookSecret: string | null;
  maxImageBytes: number;
  redis: Redis | null;
  /** Reports a failed Redis call (logged once a minute at most: in an outage every request would). */
  redisTrouble(err: Error): void;
  /** Sends due booking reminders now; returns how many were written. */
  remind(): Promise<number>;
}

declare module 'fastify' {
  interface FastifyInstance {
    extras: Extras;
  }
}

const REMINDER_EVERY_MS = 60_000;
const PRUNE_EVERY_MS = 3_600_000;
/** Live events older than this are dropped; a client further behind is told to reload (history_gone). */
const LIVE_RETENTION_MS = 7 * 86_400_000;
/** Sent (or given-up) e-mail is kept this long, then dropped from the outbox. */
const MAIL_RETENTION_MS = 30 * 86_400_000;

export async function installExtras(app: FastifyInstance, config: Config, database: Database, mailer: Mailer, opts: ExtrasOptions = {}): Promise<Extras> {
  await installDocs(app);
  installMetrics(app, { database, token: opts.metricsToken ?? null, processMetrics: opts.processMetrics ?? false });
  if (opts.sentry) await installSentry(app, opts.sentry, config.env);
  const db = database.db;
  const hub = new LiveHub(db, notificationSourceFor(database, app.log), (err) => app.log.error({ err }, 'live event delivery failed'));
  await hub.start();
  const notifier = new Notifier({ db, mailer, hub, log: app.log });
  const storage = opts.storage ?? diskStorage(join(config.dataDir, 'images'));
  const payments = { stripe: opts.stripe ?? null, currency: opts.currency ?? 'usd', notifier, hub };
  const refunds = new RefundRunner(db, payments, app.log);
  if (opts.geocoder) geocodeNewLots(app, opts.geocoder);
  observeBookings(app, { db: () => database.db, notifier, hub, onCancelled: () => void refunds.run() });
  const remind = () => sendReminders(db, notifier);
  const timers: NodeJS.Timeout[] = [];
  if (opts.background) {
    notifier.start();
    refunds.start();
    timers.push(setInterval(() => void remind().catch((err: unknown) => app.log.warn({ err }, 'reminder run failed')), REMINDER_EVERY_MS));
    const prune = () => pruneEvents(db, new Date(Date.now() - LIVE_RETENTION_MS)).catch((err: unknown) => app.log.warn({ err }, 'live event pruning failed'));
    timers.push(setInterval(() => void prune(), PRUNE_EVERY_MS));
    const pruneOutbox = () => pruneMail(db, new Date(Date.now() - MAIL_RETENTION_MS)).catch((err: unknown) => app.log.warn({ err }, 'mail outbox pruning failed'));
    timers.push(setInterval(() => void pruneOutbox(), PRUNE_EVERY_MS));
    for (const t of timers) t.unref();
  }
  app.addHook('onClose', async () => {
    for (const t of timers) clearInterval(t);
    await refunds.stop();
    await notifier.stop();
    await hub.stop();
    opts.redis?.disconnect();
  });
  let lastTrouble = 0;
  const redisTrouble = (err: Error): void => {
    if (Date.now() - lastTrouble < 60_000) return;
    lastTrouble = Date.now();
    app.log.warn({ err: err.message }, 'Redis unavailable: rate limits counted per process, search answers not cached');
  };
  opts.redis?.on('error', redisTrouble);
  const extras: Extras = {
    hub,
    notifier,
    storage,
    refunds,
    payments,
    webhookSecret: opts.webhookSecret ?? null,
    maxImageBytes: opts.maxImageBytes ?? 5 * 1024 * 1024,
    redis: opts.redis ?? null,
    redisTrouble,
    remind,
  };
  app.decorate('extras', extras);
  return extras;
}

export async function registerExtraRoutes(app: FastifyInstance, extras: Extras): Promise<void> {
  const { database } = app.ctx;
  const { hub, notifier, storage, maxImageBytes } = extras;
  await app.register(liveRoutes, {
    hub,
    authenticate: async (token: string) => {
      const actor = await app.authenticateToken(token);
      return actor ? { id: actor.id, role: actor.user_type } : null;
    },
    lotExists: async (id: string) => Boolean((await findLot(database.db, id))?.isActive),
  });
  await app.register(notificationRoutes, { prefix: '/api/notifications' });
  await app.register(reviewRoutes, { prefix: '/api/reviews', notifier, hub, storage, maxImageBytes });
  await app.register(lotImageRoutes, { storage, maxImageBytes });
  await app.register(imageServeRoutes, { storage });
  await app.register(paymentRoutes, { ...extras.payments, webhookSecret: extras.webhookSecret });
  await app.register(adminRoutes, { prefix: '/api/admin' });
  await app.register(blockRoutes);
  await app.register(docsRoutes);
}

/** The optional integrations' settings from the environment (the seed's variable names); a bad value names its variable. */
export function extrasFromEnv(env: NodeJS.ProcessEnv, config: Config): { extras: ExtrasOptions; mailer: Mailer | undefined } {
  const { storage, maxImageBytes } = storageFromEnv(env, config.dataDir);
  const payments = paymentsFromEnv(env);
  const smtp = smtpOptionsFromEnv(env);
  const redisUrl = z.url({ protocol: /^rediss?$/ }).optional().safeParse(env.REDIS_URL);
  if (!redisUrl.success) throw new ConfigError('REDIS_URL', 'expected redis://host:port');
  const mapsKey = env.GOOGLE_MAPS_API_KEY?.trim();
  const mapsUrl = z.url({ protocol: /^https?$/ }).optional().safeParse(env.GOOGLE_MAPS_API_URL);
  if (!mapsUrl.success) throw new ConfigError('GOOGLE_MAPS_API_URL', 'expected an http(s) URL');
  let sentry: SentryTarget | null = null;
  try {
    sentry = env.SENTRY_DSN ? parseDsn(env.SENTRY_DSN) : null;
  } catch (err) {
    throw new ConfigError('SENTRY_DSN', (err as Error).message);
  }
  const metricsToken = env.METRICS_TOKEN && env.METRICS_TOKEN.length >= 16 ? env.METRICS_TOKEN : null;
  if (env.METRICS_TOKEN && !metricsToken) throw new ConfigError('METRICS_TOKEN', 'must be at least 16 characters');
  return {
    mailer: smtp ? smtpMailer(smtp) : undefined,
    extras: {
      storage,
      maxImageBytes,
      stripe: payments.stripe,
      webhookSecret: payments.webhookSecret,
      currency: payments.currency,
      redis: redisUrl.data ? connectRedis(redisUrl.data) : null,
      metricsToken,
      geocoder: mapsKey ? googleGeocoder(mapsKey, mapsUrl.data) : null,
      sentry,
      processMetrics: true,
      background: true,
    },
  };
}
