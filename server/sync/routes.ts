/**
 * /api/sync, for enrolled booths only (Authorization: Bearer <device token>): push outbox commands, pull the
 * change feed, and a server-sent event stream that says "lot X moved" so the booth pulls at once.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ServerResponse } from 'node:http';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ErrorBody } from '../../src/shared/api/common';
import { PullRequest, PushRequest, PushResponse } from '../../src/shared/sync/protocol';
import { type Device, authenticateDevice, touchDevice } from '../devices/service';
import { unauthorized } from '../errors';
import { pruneFeed } from './feed';
import { rebalanceLeases } from './leases';
import { FeedListener } from './listener';
import { ReadAhead, pageKey } from './prefetch';
import { type RawPull, pullBody, pullRaw } from './pull';
import { pushBatch } from './push';

declare module 'fastify' {
  interface FastifyRequest {
    device: Device | null;
  }
}

const errors = { 400: ErrorBody, 401: ErrorBody, 413: ErrorBody };
/** A full batch of 500 commands is a few hundred KB: more than the API's usual 64 KB limit. */
const PUSH_BODY_LIMIT = 4 * 1024 * 1024;
const HEARTBEAT_MS = 15_000;
/** How long feed entries are kept (a booth offline longer than this catches up from a snapshot). */
export const FEED_RETENTION_MS = 30 * 24 * 60 * 60_000;
const PRUNE_EVERY_MS = 60 * 60_000;

export const syncRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = () => app.ctx.database.db;
  const listener = new FeedListener(app.ctx.database, app.log);
  const streams = new Set<ServerResponse>();
  const readAhead = new ReadAhead<RawPull>();
  let pruning: NodeJS.Timeout | null = null;
  app.addHook('onReady', async () => {
    await listener.start();
    // Feed entries older than the retention window go; a booth further behind than that gets a snapshot.
    pruning = setInterval(() => void pruneFeed(db(), new Date(Date.now() - FEED_RETENTION_MS)).catch((err: unknown) => app.log.warn({ err }, 'feed prune failed')), PRUNE_EVERY_MS);
    pruning.unref();
  });
  // Before the server closes: an open event stream would hold the shutdown forever (the booth reconnects).
  app.addHook('preClose', async () => {
    for (const res of streams) res.end();
  });
  app.addHook('onClose', async () => {
    if (pruning) clearInterval(pruning);
    await readAhead.close();
    await listener.stop();
  });

  app.decorateRequest('device', null);
  app.addHook('onRequest', async (request: FastifyRequest) => {
    const m = /^Bearer (\S{10,200})$/.exec(request.headers.authorization ?? '');
    if (!m) throw unauthorized('a device token is required', 'invalid_device_token');
    request.device = await authenticateDevice(db(), m[1]!);
  });
  const device = (request: FastifyRequest): Device => request.device!;

  // Lets a booth measure its clock offset before it stamps a batch (it may have drifted while offline).
  app.post('/time', { schema: { response: { 200: z.object({ server_time: z.number().int() }), ...errors } } }, async () => ({ server_time: Date.now() }));

  app.post('/push', { bodyLimit: PUSH_BODY_LIMIT, schema: { body: PushRequest, response: { 200: PushResponse, ...errors } } }, async (request) => {
    const d = device(request);
    const results = await pushBatch(db(), d, request.body.commands);
    const leases = await rebalanceLeases(db(), d.id, d.lotIds);
    await touchDevice(db(), d.id);
    return { results, leases, server_time: Date.now() };
  });

  // No response schema here: a page carries thousands of changes that PostgreSQL already wrote as JSON text
  // (see feed.ts, pull.ts); the booth parses the whole answer with PullPage (or PullResponse, if it asked for objects).
  app.post('/pull', { bodyLimit: PUSH_BODY_LIMIT, schema: { body: PullRequest } }, async (request, reply) => {
    const d = device(request);
    const { cursors, limit, format } = request.body;
    const page = (await readAhead.take(d.id, pageKey(d.lotIds, cursors, limit, format))) ?? (await pullRaw(db(), d.lotIds, cursors, limit, format));
    // The booth asks next with these cursors (see prefetch.ts): that page is read while this one travels.
    if (page.more) {
      const next = { ...cursors, ...page.cursors };
      readAhead.start(d.id, pageKey(d.lotIds, next, limit, format), () => pullRaw(db(), d.lotIds, next, limit, format));
    }
    // The clock the booth measures its offset against is now, not when a read-ahead page was read.
    page.server_time = Date.now();
    // Mid catch-up pages skip the lease rebalance: the booth asks again at once, and the last page carries them.
    const leases = page.more ? [] : await rebalanceLeases(db(), d.id, d.lotIds);
    if (!page.more) await touchDevice(db(), d.id);
    return reply.type('application/json').send(pullBody(page, leases));
  });

  app.get('/events', async (request, reply) => {
    const lots = new Set(device(request).lotIds);
    reply.hijack();
    const res = reply.raw;
    streams.add(res);
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    const send = (event: string, data: unknown): void => void res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    const onLot = (lotId: string): void => {
      if (lots.has(lotId)) send('feed', { lot_id: lotId, server_time: Date.now() });
    };
    const onReconnect = (): void => {
      for (const lotId of lots) onLot(lotId);
    };
    listener.on('lot', onLot);
    listener.on('reconnect', onReconnect);
    send('hello', { lots: [...lots], server_time: Date.now() });
    const beat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    request.raw.once('close', () => {
      streams.delete(res);
      clearInterval(beat);
      listener.off('lot', onLot);
      listener.off('reconnect', onReconnect);
    });
  });
};
