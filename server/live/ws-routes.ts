// WebSocket endpoint GET /api/live. Browsers cannot set headers on a WebSocket, so a client either
// sends "Authorization: Bearer" on the upgrade (booths, servers) or a first {"type":"auth"} message;
// tokens never travel in the URL, where logs would keep them.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import websocket from '@fastify/websocket';
import type { WebSocket } from 'ws';
import { LiveClientMessage, type LiveServerMessage } from '../../src/shared/api/live';
import { HistoryGoneError, type Subscription } from './hub';
import { resolveTopics, type LiveUser } from './policy';
import type { LiveDeps } from './deps';

/** A client this far behind is dropped; it reconnects with its last id and loses nothing. */
const MAX_BUFFERED = 1 << 20;
const AUTH_TIMEOUT_MS = 10_000;

export async function liveWebSocketRoutes(app: FastifyInstance, deps: LiveDeps): Promise<void> {
  await app.register(websocket, {
    options: { maxPayload: 16 * 1024 },
    // On shutdown: "going away", so clients reconnect (to another instance) and resume by their last event id.
    preClose(done) {
      for (const client of this.websocketServer.clients) client.close(1001, 'server shutting down');
      this.websocketServer.close();
      done();
    },
  });
  app.get('/api/live', { websocket: true }, (socket, req) => {
    session(socket, req, deps);
  });
}

function session(socket: WebSocket, req: FastifyRequest, deps: LiveDeps): void {
  const subs = new Map<string, Subscription>();
  let user: LiveUser | null = null;
  let chain = Promise.resolve();
  const say = (msg: LiveServerMessage): void => {
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > MAX_BUFFERED) {
      socket.close(1013, 'too slow: reconnect with your last event id');
      return;
    }
    socket.send(JSON.stringify(msg));
  };
  const refuse = (message: string): void => {
    say({ type: 'error', code: 'unauthenticated', message });
    socket.close(4401, 'unauthenticated');
  };
  const timer = setTimeout(() => user || refuse('send {"type":"auth","token":...} first'), AUTH_TIMEOUT_MS);
  socket.on('close', () => {
    clearTimeout(timer);
    for (const s of new Set(subs.values())) s.close();
    subs.clear();
  });

  const handle = async (raw: string): Promise<void> => {
    let parsed: LiveClientMessage;
    try {
      const result = LiveClientMessage.safeParse(JSON.parse(raw));
      if (!result.success) throw new Error(result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      parsed = result.data;
    } catch (err) {
      return say({ type: 'error', code: 'bad_message', message: (err as Error).message });
    }
    if (parsed.type === 'ping') return say({ type: 'pong' });
    if (parsed.type === 'auth') {
      if (user) return say({ type: 'error', code: 'bad_message', message: 'already authenticated' });
      user = await deps.authenticate(parsed.token);
      if (!user) return refuse('invalid or expired token');
      return say({ type: 'authenticated', user_id: user.id });
    }
    if (!user) return refuse('authenticate first');
    const check = await resolveTopics(user, parsed.topics, deps);
    if (!check.ok) return say({ type: 'error', code: 'forbidden', message: `not allowed: ${check.denied.join(', ')}` });
    if (parsed.type === 'unsubscribe') {
      for (const t of check.topics) {
        subs.get(t)?.drop([t]);
        subs.delete(t);
      }
      return;
    }
    const fresh = check.topics.filter((t) => !subs.has(t));
    try {
      const sub = await deps.hub.subscribe(fresh, parsed.last_event_id ?? null, (event) => say({ type: 'event', event }));
      if (socket.readyState !== socket.OPEN) return sub.close();
      for (const t of fresh) subs.set(t, sub);
      say({ type: 'subscribed', topics: check.topics, last_event_id: sub.lastEventId });
    } catch (err) {
      if (!(err instanceof HistoryGoneError)) throw err;
      say({ type: 'error', code: 'history_gone', message: err.message });
    }
  };

  // Messages are handled strictly in order, behind the header check, so none is lost or reordered.
  const enqueue = (task: () => Promise<void>): void => {
    chain = chain.then(task).catch((err: unknown) => {
      req.log.error({ err }, 'live socket message failed');
      socket.close(1011, 'internal error');
    });
  };
  socket.on('message', (data: Buffer) => enqueue(() => handle(data.toString('utf8'))));
  const header = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
  if (header) {
    enqueue(async () => {
      user = await deps.authenticate(header);
      if (!user) return refuse('invalid or expired token');
      say({ type: 'authenticated', user_id: user.id });
    });
  }
}
