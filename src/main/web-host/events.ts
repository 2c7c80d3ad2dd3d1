/**
 * `GET /events`: the signed-in page's stream of booth changes (server-sent events), so the floor grid updates live.
 * Events carry bay states (plates), so the stream is bound to a session: the page reads it with fetch streaming and
 * its bearer token (EventSource cannot send one); without a live session the answer is a plain 401, and the stream
 * ends when the session does. Host and Origin are checked like every other request.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ContractErrorBody } from '../../shared/contract';
import type { ChangeFeed } from '../rpc/changes';
import { bearerToken, originAllowed, safeHeaders } from './guards';

const HEARTBEAT_MS = 20_000;

export interface EventRelay {
  attach(request: FastifyRequest, reply: FastifyReply): void;
  /** Ends every open stream so the server can close. */
  close(): void;
}

const refusal = (code: 'unauthenticated' | 'forbidden', message: string): ContractErrorBody => ({ error: { code, message } });

export function createEventRelay(feed: ChangeFeed, port: () => number): EventRelay {
  const open = new Set<FastifyReply>();
  const heartbeat = setInterval(() => {
    feed.prune();
    for (const reply of open) reply.raw.write(': keep-alive\n\n');
  }, HEARTBEAT_MS);
  heartbeat.unref();

  return {
    attach(request, reply) {
      // A browser names the origin of a cross-site fetch; a page elsewhere cannot read our stream, even with a token.
      if (!originAllowed(request.headers.origin, port())) {
        return void reply.code(403).send(refusal('forbidden', 'Cross-origin calls are refused.'));
      }
      const raw = reply.raw;
      let unsubscribe: (() => void) | null = null;
      const done = () => {
        unsubscribe?.();
        open.delete(reply);
      };
      unsubscribe = feed.subscribe(bearerToken(request.headers.authorization), {
        send: (change) => {
          if (!raw.writable) return;
          raw.write(`event: change\ndata: ${JSON.stringify(change)}\n\n`);
          // Node corks a chunked response's socket until the next tick, and that tick comes only after the mutation
          // that emitted this change has built its own reply: put the event on the wire now.
          raw.socket?.uncork();
        },
        end: () => {
          done();
          raw.end();
        },
      });
      if (!unsubscribe) {
        return void reply.code(401).send(refusal('unauthenticated', 'Sign in first: the change stream needs a staff session.'));
      }
      reply.hijack();
      // Each event is one small write: send it at once rather than wait to fill a segment.
      raw.socket?.setNoDelay(true);
      raw.on('error', () => undefined); // a page that went away mid-write: its 'close' tidies up
      raw.on('close', done);
      raw.writeHead(200, {
        ...safeHeaders('/events'),
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
      });
      raw.write('retry: 2000\n\n: connected\n\n');
      open.add(reply);
    },
    close() {
      clearInterval(heartbeat);
      feed.close();
      for (const reply of open) reply.raw.end();
      open.clear();
    },
  };
}
