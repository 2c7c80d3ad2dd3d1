// OpenAPI generated from the routes' zod schemas (@fastify/swagger with the zod type provider's transform).
// People read it at GET /api/docs (Swagger UI, its scripts and styles served from the package, nothing from a
// CDN); programs take GET /api/docs/json (or /api/docs/yaml; /api/docs/openapi.json, the older path, stays).
// The WebSocket route is hidden by @fastify/websocket, so it is described here from the live protocol's schemas.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LiveClientMessage, LiveServerMessage } from '../../src/shared/api/live';

export const DOCS_PREFIX = '/api/docs';

/** One method of one route, as Fastify registered it. */
export interface RegisteredRoute {
  method: string;
  url: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route as registered (HEAD twins and the docs' own included), to check the spec leaves none out. */
    registeredRoutes: readonly RegisteredRoute[];
  }
}

type Paths = Record<string, Record<string, unknown>>;

const liveSocket = {
  get: {
    tags: ['live'],
    summary: 'Live events over a WebSocket',
    description:
      'Upgrade to a WebSocket. Authenticate with "Authorization: Bearer <access token>" on the upgrade or a first ' +
      '{"type":"auth"} message (browsers cannot set headers); then subscribe to topics ("user:me", "lot:<id>"), ' +
      'optionally resuming after last_event_id. Messages are JSON text frames.',
    responses: {
      101: { description: 'Switching protocols; the client sends `client_message`s and receives `server_message`s.' },
      404: { description: 'Not a WebSocket upgrade.' },
    },
    'x-client-message': z.toJSONSchema(LiveClientMessage, { target: 'openapi-3.0' }),
    'x-server-message': z.toJSONSchema(LiveServerMessage, { target: 'openapi-3.0', io: 'output' }),
  },
};

/** Must run before the routes are registered: the spec (and the route list) is collected as routes are added. */
export async function installDocs(app: FastifyInstance): Promise<void> {
  const routes: RegisteredRoute[] = [];
  app.decorate('registeredRoutes', routes);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url });
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'ParkPass API', version: '1.0.0', description: 'Lots, bookings with passes, payments, reviews, notifications, live events and booth sync.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: (doc) => {
      const spec = 'openapiObject' in doc ? doc.openapiObject : doc.swaggerObject;
      const paths = (spec.paths ?? {}) as Paths;
      return { ...spec, paths: { ...paths, '/api/live': { ...paths['/api/live'], ...liveSocket } } } as typeof spec;
    },
  });
}

/** The UI page, its assets, and the spec as JSON and YAML, all under DOCS_PREFIX. */
export async function docsRoutes(app: FastifyInstance): Promise<void> {
  await app.register(swaggerUi, {
    routePrefix: DOCS_PREFIX,
    uiConfig: { deepLinking: true, docExpansion: 'list', defaultModelsExpandDepth: 0 },
    // Everything the page loads comes from here; inline styles are swagger-ui's own. No remote validator badge.
    staticCSP: "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'self'",
  });
  app.get(`${DOCS_PREFIX}/openapi.json`, { schema: { hide: true } as object }, async () => app.swagger());
}
