// Reports unexpected errors (the ones that became a 5xx) to Sentry when SENTRY_DSN is set, through the official
// SDK (@sentry/node). Each app gets its own client and scope rather than the process-wide Sentry.init: nothing
// global is patched (no http/fetch/console instrumentation, no OpenTelemetry, no tracing), tests that build
// several apps in one process do not share a client, and closing the app flushes what is queued. With no
// default integrations the SDK adds no work to requests that do not fail.
// What is sent: the error (stack, causes), method, route, path (no query string, which may carry a token),
// status and request id. Never headers, cookies or bodies; beforeSend scrubs them again in case an SDK
// default or a future change adds them, and masks credentials in URLs inside error messages.
import type { ErrorEvent, NodeClient } from '@sentry/node';
import type { FastifyInstance, FastifyRequest } from 'fastify';

export interface SentryTarget {
  dsn: string;
}

/** https://<key>@<host>[:port]/<project id>, checked when the configuration is read. Throws on anything else. */
export function parseDsn(dsn: string): SentryTarget {
  const u = new URL(dsn);
  const project = u.pathname.replace(/^\/+|\/+$/g, '');
  if (!/^https?:$/.test(u.protocol) || !u.username || !/^\d+$/.test(project)) throw new Error('expected https://<key>@<host>/<project id>');
  return { dsn };
}

const SECRET_KEY = /authorization|cookie|password|passwd|secret|token|api[-_]?key|dsn/i;
/** user:password@ in a URL (a database URL in a driver's error message, say). */
const URL_CREDENTIALS = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+):[^\s@/]+@/gi;

function scrubValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.replace(URL_CREDENTIALS, '$1:[redacted]@');
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? '[redacted]' : scrubValue(v, depth + 1);
  return out;
}

/** Last line of defence before an event leaves: no headers, cookies, bodies or query strings, no secret-named fields. */
export function scrubEvent(event: ErrorEvent): ErrorEvent {
  if (event.request) {
    const { method, url } = event.request;
    event.request = { method, url: url?.split('?')[0] };
  }
  for (const ex of event.exception?.values ?? []) if (ex.value) ex.value = scrubValue(ex.value) as string;
  if (event.message) event.message = scrubValue(event.message) as string;
  if (event.extra) event.extra = scrubValue(event.extra) as typeof event.extra;
  if (event.contexts) event.contexts = scrubValue(event.contexts) as typeof event.contexts;
  if (event.breadcrumbs) event.breadcrumbs = scrubValue(event.breadcrumbs) as typeof event.breadcrumbs;
  return event;
}

const captured = new WeakMap<FastifyRequest, Error>();

/** Loaded only when a DSN is set: importing the SDK costs seconds of start-up (measured 2.2 s on a busy machine). */
export async function installSentry(app: FastifyInstance, target: SentryTarget, environment: string): Promise<NodeClient> {
  const { NodeClient, Scope, defaultStackParser, linkedErrorsIntegration, makeNodeTransport } = await import('@sentry/node');
  const client = new NodeClient({
    dsn: target.dsn,
    environment,
    transport: makeNodeTransport,
    stackParser: defaultStackParser,
    // Only error causes; the defaults would wrap http, fetch and console and install process handlers.
    integrations: [linkedErrorsIntegration()],
    // Collect no user info, cookies, headers, bodies or query parameters (this SDK's replacement for sendDefaultPii).
    dataCollection: { userInfo: false, cookies: false, httpHeaders: false, httpBodies: [], urlQueryParams: false },
    includeServerName: false,
    sendClientReports: false,
    beforeSend: scrubEvent,
  });
  const root = new Scope();
  root.setClient(client);
  client.init();

  app.addHook('onError', async (request, _reply, error) => {
    captured.set(request, error);
  });
  // After the error handler chose the status: a refusal it mapped to 4xx is not a bug.
  app.addHook('onResponse', async (request, reply) => {
    const error = captured.get(request);
    if (!error || reply.statusCode < 500) return;
    const route = request.routeOptions.url ?? 'unmatched';
    const scope = root.clone();
    scope.setTransactionName(`${request.method} ${route}`);
    scope.setTags({ request_id: String(request.id), status: String(reply.statusCode), route });
    scope.setLevel('error');
    scope.addEventProcessor((event) => ({ ...event, request: { method: request.method, url: request.url.split('?')[0] } }));
    // Queued and sent by the SDK's transport in the background: never slows down or fails a request.
    scope.captureException(error);
  });
  app.addHook('onClose', async () => {
    await client.close(2000);
  });
  return client;
}
