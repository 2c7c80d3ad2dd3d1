// Server-sent events GET /api/live/events?topics=lot:<id>,user:me for simple clients: the same events
// as the WebSocket, each with its id, so EventSource's automatic Last-Event-ID resumes without a gap.
// Authorization is the usual Bearer header.
import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LiveEventId, LiveTopics, type LiveEvent } from '../../src/shared/api/live';
import { HistoryGoneError } from './hub';
import { resolveTopics } from './policy';
import type { LiveDeps } from './deps';

const Query = z.object({
  topics: z
    .string()
    .max(4000)
    .transform((s) => s.split(',').map((t) => t.trim()))
    .pipe(LiveTopics),
  last_event_id: LiveEventId.optional(),
});

const HEARTBEAT_MS = 15_000;
const MAX_BUFFERED = 1 << 20;

const frame = (e: LiveEvent): string => `id: ${e.id}\ndata: ${JSON.stringify(e)}\n\n`;

export async function liveSseRoutes(app: FastifyInstance, deps: LiveDeps): Promise<void> {
  // Ended when the server starts closing: an open stream would hold the shutdown forever, and its client
  // reconnects (to another instance) with its Last-Event-ID, missing nothing.
  const streams = new Set<ServerResponse>();
  app.addHook('preClose', async () => {
    for (const res of streams) res.end();
  });
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/live/events',
    {
      schema: {
        tags: ['live'],
        summary: 'Live events as server-sent events (text/event-stream)',
        querystring: Query,
        headers: z.object({ 'last-event-id': LiveEventId.optional() }).passthrough(),
      },
    },
    async (req, reply) => {
      const token = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
      const user = token ? await deps.authenticate(token) : null;
      if (!user) return reply.code(401).send({ error: { code: 'unauthenticated', message: 'a valid Bearer token is required' } });
      const check = await resolveTopics(user, req.query.topics, deps);
      if (!check.ok) return reply.code(403).send({ error: { code: 'forbidden', message: `not allowed: ${check.denied.join(', ')}` } });

      const res = reply.raw;
      const buffered: LiveEvent[] = [];
      let open = false;
      const write = (e: LiveEvent): void => {
        if (!open) return void buffered.push(e);
        if (res.writableLength > MAX_BUFFERED) return void res.destroy();
        res.write(frame(e));
      };
      const after = req.headers['last-event-id'] ?? req.query.last_event_id ?? null;
      let sub;
      try {
        sub = await deps.hub.subscribe(check.topics, after, write);
      } catch (err) {
        if (!(err instanceof HistoryGoneError)) throw err;
        return reply.code(410).send({ error: { code: 'history_gone', message: err.message } });
      }
      reply.hijack();
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write(`retry: 2000\nevent: subscribed\ndata: ${JSON.stringify({ topics: check.topics, last_event_id: sub.lastEventId })}\n\n`);
      open = true;
      for (const e of buffered.splice(0)) write(e);
      const beat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
      streams.add(res);
      req.raw.once('close', () => {
        streams.delete(res);
        clearInterval(beat);
        sub.close();
      });
    },
  );
}
