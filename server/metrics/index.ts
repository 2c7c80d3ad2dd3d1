// Prometheus metrics at GET /metrics: request rate and latency by route, database pool use, and booking
// outcomes (created, replayed, refused by reason, gate admit/deny). One registry per app instance, so tests
// that build several apps in one process do not share counters.
import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Database } from '../db';

export interface MetricsOptions {
  database: Database;
  /** When set, /metrics needs "Authorization: Bearer <token>". */
  token?: string | null;
  /** Process metrics (CPU, memory, event loop); off in tests to keep them cheap. */
  processMetrics?: boolean;
}

function outcomeOf(route: string, method: string, status: number, payload: unknown): string | null {
  if (method === 'POST' && route === '/api/bookings') {
    if (status === 201) return 'created';
    if (status === 200) return 'replayed';
    const code = (payload as { error?: { code?: string } } | null)?.error?.code;
    return status >= 500 ? 'error' : `refused_${code ?? status}`;
  }
  if (method === 'POST' && route === '/api/bookings/validate' && status === 200) {
    const p = payload as { decision?: string; reason?: string | null } | null;
    return p?.decision === 'admit' ? 'gate_admit' : `gate_deny_${p?.reason ?? 'unknown'}`;
  }
  return null;
}

/** Installs the hooks on the root instance before the routes (so every route is measured) and serves /metrics. */
export function installMetrics(app: FastifyInstance, opts: MetricsOptions): Registry {
  const registry = new Registry();
  if (opts.processMetrics) collectDefaultMetrics({ register: registry, prefix: 'parkpass_' });
  const requests = new Counter({ name: 'parkpass_http_requests_total', help: 'HTTP requests', labelNames: ['method', 'route', 'status'], registers: [registry] });
  const latency = new Histogram({
    name: 'parkpass_http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const bookings = new Counter({ name: 'parkpass_booking_outcomes_total', help: 'Booking requests and gate decisions by outcome', labelNames: ['outcome'], registers: [registry] });
  const pool = (opts.database.db as unknown as { $client: { totalCount?: number; idleCount?: number; waitingCount?: number } }).$client;
  new Gauge({
    name: 'parkpass_db_pool_connections',
    help: 'Database pool connections by state (PostgreSQL only)',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      if (opts.database.kind !== 'postgres') return;
      const total = pool.totalCount ?? 0;
      const idle = pool.idleCount ?? 0;
      this.set({ state: 'total' }, total);
      this.set({ state: 'idle' }, idle);
      this.set({ state: 'busy' }, total - idle);
      this.set({ state: 'waiting' }, pool.waitingCount ?? 0);
    },
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const route = request.routeOptions.url;
    if (route && typeof payload === 'string' && (route === '/api/bookings' || route === '/api/bookings/validate')) {
      let body: unknown = null;
      try {
        body = JSON.parse(payload);
      } catch {
        // not JSON: counted by status alone
      }
      const outcome = outcomeOf(route, request.method, reply.statusCode, body);
      if (outcome) bookings.inc({ outcome });
    }
    return payload;
  });
  app.addHook('onResponse', async (request, reply) => {
    // Unmatched URLs share one label, so a scanner cannot blow up the series count.
    const route = request.routeOptions.url ?? 'unmatched';
    requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    latency.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });

  // Documented (the docs list every route) without a response schema: the body is Prometheus text, not JSON.
  const doc = { tags: ['ops'], summary: 'Prometheus metrics (text exposition format); "Authorization: Bearer <METRICS_TOKEN>" when set' };
  app.get('/metrics', { schema: doc }, async (request, reply) => {
    if (opts.token && request.headers.authorization !== `Bearer ${opts.token}`) {
      return reply.code(401).send({ error: { code: 'unauthorized', message: 'metrics need the metrics token' } });
    }
    return reply.type(registry.contentType).send(await registry.metrics());
  });
  return registry;
}
