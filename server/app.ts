/**
 * Builds the API as a Fastify instance (no listen): zod type provider, one error shape, CORS, rate limits,
 * request ids in logs, and one plugin per resource. server/main.ts listens; tests inject or listen on port 0.
 */
import { randomUUID } from 'node:crypto';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { installAuthentication } from './auth/authenticate';
import { type Mailer, fileMailer } from './auth/mailer';
import { bookingRoutes } from './bookings/routes';
import { authRoutes } from './auth/routes';
import type { Config } from './config';
import type { Database } from './db';
import { installErrorHandler } from './errors';
import { installLotCache } from './cache/lots';
import { failoverRateLimitStore } from './cache/rate-limit-store';
import { type ExtrasOptions, installExtras, registerExtraRoutes } from './services';
import { deviceRoutes } from './devices/routes';
import { healthRoutes } from './health/routes';
import { spotRoutes } from './spots/routes';
import { syncRoutes } from './sync/routes';
import { userRoutes } from './users/routes';
import { vehicleRoutes } from './vehicles/routes';

export interface AppDeps {
  /** Where e-mail goes. Default: .eml files in <dataDir>/mail; server/main.ts passes an SMTP mailer when SMTP_HOST is set. */
  mailer?: Mailer;
  /** Pino logger options, or false for none (tests). Default: the configured level, secrets redacted. */
  logger?: boolean | object;
  /** The long-lived services (storage, Stripe, Redis, background timers); see server/services.ts. */
  extras?: ExtrasOptions;
}

export interface AppContext {
  config: Config;
  database: Database;
  mailer: Mailer;
}

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
  }
}

/** Request bodies are small JSON documents; anything bigger is refused (413) before it is parsed. */
const BODY_LIMIT = 64 * 1024;

export async function buildApp(config: Config, database: Database, deps: AppDeps = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      deps.logger ?? {
        level: config.logLevel,
        redact: {
          paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.refresh_token', '*.token'],
          censor: '[redacted]',
        },
      },
    genReqId: () => randomUUID(),
    bodyLimit: BODY_LIMIT,
    trustProxy: config.trustProxy,
    routerOptions: { maxParamLength: 200 },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('ctx', { config, database, mailer: deps.mailer ?? fileMailer(config.dataDir) });
  installErrorHandler(app);
  // Graceful shutdown: once closing, each reply closes its connection, so a keep-alive client (a load balancer)
  // does not hold the server open after the requests in flight are answered. (Event streams end in their
  // routes' preClose hooks.)
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
    if (closing) void reply.header('connection', 'close');
  });

  // Before any route: metrics, the OpenAPI collector and the booking observer must see every route.
  const extras = await installExtras(app, config, database, app.ctx.mailer, deps.extras);
  // Before any route too: every change request may drop cached lot search answers.
  installLotCache(app, extras.redis);

  await app.register(cors, { origin: config.corsOrigins.length > 0 ? config.corsOrigins : false, credentials: true });
  // Limits are opted into per route (credentials and gate validation), keyed by client address; with Redis
  // they are counted once for all API processes (per process while Redis is down).
  await app.register(rateLimit, { global: false, ...(extras.redis && { store: failoverRateLimitStore(extras.redis, extras.redisTrouble) }) });
  installAuthentication(app);

  await app.register(healthRoutes);
  await app.register(authRoutes, { prefix: '/api/auth' });
  await app.register(userRoutes, { prefix: '/api/users' });
  await app.register(vehicleRoutes, { prefix: '/api/vehicles' });
  await app.register(spotRoutes, { prefix: '/api' });
  await app.register(bookingRoutes, { prefix: '/api/bookings' });
  await app.register(deviceRoutes, { prefix: '/api/devices' });
  await app.register(syncRoutes, { prefix: '/api/sync' });
  await registerExtraRoutes(app, extras);
  return app;
}
