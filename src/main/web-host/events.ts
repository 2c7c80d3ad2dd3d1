// `GET /events`: server-sent events relaying the booth's committed changes, so the floor grid updates live.
import type { EventEmitter } from 'node:events';
import type { FastifyReply } from 'fastify';
import type { BoothChange } from '../rpc/types';
import { safeHeaders } from './guards';

const HEARTBEAT_MS = 20_000;

export interface EventRelay {
  attach(reply: FastifyReply): void;
  /** Ends every open stream so the server can close. */
  close(): void;
}

/**
 * Events carry only kinds and ids (no plates, no PINs), and EventSource cannot send an Authorization header, so the
 * stream is open to any local page of ours; clients re-read details through the authenticated contract.
 */
export function createEventRelay(events: EventEmitter): EventRelay {
  const open = new Set<FastifyReply>();

  const onChange = (change: BoothChange) => {
    const data = JSON.stringify({ kind: change.kind, lot_id: change.lot_id, bay_id: change.bay_id ?? null });
    for (const reply of open) reply.raw.write(`event: change\ndata: ${data}\n\n`);
  };
  events.on('change', onChange);

  const heartbeat = setInterval(() => {
    for (const reply of open) reply.raw.write(': keep-alive\n\n');
  }, HEARTBEAT_MS);
  heartbeat.unref();

  return {
    attach(reply) {
      reply.hijack();
      reply.raw.writeHead(200, {
        ...safeHeaders('/events'),
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
      });
      reply.raw.write('retry: 2000\n\n: connected\n\n');
      open.add(reply);
      reply.raw.on('close', () => open.delete(reply));
    },
    close() {
      clearInterval(heartbeat);
      events.off('change', onChange);
      for (const reply of open) reply.raw.end();
      open.clear();
    },
  };
}
