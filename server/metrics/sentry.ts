// Reports unexpected errors (the ones that became a 500) to Sentry when SENTRY_DSN is set, by posting a
// Sentry envelope to the DSN's project — no SDK, so no instrumentation of its own and nothing sent but
// the error, the route and the request id (never headers or bodies, which may carry secrets).
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';

export interface SentryTarget {
  envelopeUrl: string;
  publicKey: string;
}

/** https://<key>@<host>[:port]/<project id> → where envelopes go. Throws on anything else. */
export function parseDsn(dsn: string): SentryTarget {
  const u = new URL(dsn);
  const project = u.pathname.replace(/^\/+|\/+$/g, '');
  if (!/^https?:$/.test(u.protocol) || !u.username || !/^\d+$/.test(project)) throw new Error('expected https://<key>@<host>/<project id>');
  return { envelopeUrl: `${u.protocol}//${u.host}/api/${project}/envelope/`, publicKey: u.username };
}

interface Captured {
  error: Error;
}

const captured = new WeakMap<FastifyRequest, Captured>();

function frames(stack: string | undefined) {
  return (stack ?? '')
    .split('\n')
    .slice(1, 30)
    .map((line) => /at (?:(.+?) \()?(.+?):(\d+):(\d+)\)?$/.exec(line.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ function: m[1] ?? '?', filename: m[2], lineno: Number(m[3]), colno: Number(m[4]) }))
    .reverse();
}

export function installSentry(app: FastifyInstance, target: SentryTarget, environment: string): void {
  app.addHook('onError', async (request, _reply, error) => {
    captured.set(request, { error });
  });
  app.addHook('onResponse', async (request, reply) => {
    const hit = captured.get(request);
    if (!hit || reply.statusCode < 500) return;
    const eventId = randomUUID().replace(/-/g, '');
    const event = {
      event_id: eventId,
      timestamp: Date.now() / 1000,
      platform: 'node',
      level: 'error',
      environment,
      transaction: `${request.method} ${request.routeOptions.url ?? 'unmatched'}`,
      tags: { request_id: String(request.id), status: String(reply.statusCode) },
      exception: { values: [{ type: hit.error.name, value: hit.error.message, stacktrace: { frames: frames(hit.error.stack) } }] },
    };
    const body = `${JSON.stringify({ event_id: eventId, sent_at: new Date().toISOString() })}\n${JSON.stringify({ type: 'event' })}\n${JSON.stringify(event)}\n`;
    // Fire and forget: reporting must never slow down or fail a request.
    void fetch(target.envelopeUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-sentry-envelope',
        'x-sentry-auth': `Sentry sentry_version=7, sentry_key=${target.publicKey}, sentry_client=parkpass-api/1.0`,
      },
      body,
      signal: AbortSignal.timeout(5000),
    }).catch((err: unknown) => request.log.warn({ err: (err as Error).message }, 'error report to Sentry failed'));
  });
}
