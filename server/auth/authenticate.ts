/**
 * Bearer authentication. Every request gets `request.actor` (or null) from its Authorization header; routes
 * call `actorOf(request)` (401 without a valid token) and `requireRole` (403). A token counts only while the
 * session it was issued for stands (SessionGate: a signed-out token is refused at once in this process and
 * within 5 s in the others).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { forbidden, unauthorized } from '../errors';
import { SessionGate } from './session-gate';
import { type Actor, verifyAccessToken } from './tokens';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    /** Set when an Authorization header was sent but did not verify. */
    authFailed: boolean;
  }
  interface FastifyInstance {
    sessionGate: SessionGate;
    /** The actor of an access token whose session still stands, or null: for callers outside HTTP routes (live streams). */
    authenticateToken(token: string): Promise<Actor | null>;
  }
}

export function installAuthentication(app: FastifyInstance): void {
  const gate = new SessionGate(() => app.ctx.database.db, app.ctx.config.jwt.accessTtlSeconds * 1000);
  const authenticateToken = async (token: string): Promise<Actor | null> => {
    const verified = await verifyAccessToken(token, app.ctx.config.jwt.secret);
    if (!verified) return null;
    // The role the user has now, not the one the token was issued with (changed by an operator since).
    return gate.actor(verified.sessionId, verified.actor.id);
  };
  app.decorate('sessionGate', gate);
  app.decorate('authenticateToken', authenticateToken);
  app.decorateRequest('actor', null);
  app.decorateRequest('authFailed', false);
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    if (!header) return;
    const m = /^Bearer ([A-Za-z0-9_.-]{10,4096})$/.exec(header);
    request.actor = m ? await authenticateToken(m[1]!) : null;
    request.authFailed = request.actor === null;
  });
}

export function actorOf(request: FastifyRequest): Actor {
  if (request.actor) return request.actor;
  throw request.authFailed ? unauthorized('the access token is invalid or expired', 'invalid_token') : unauthorized();
}

export function requireRole(actor: Actor, ...roles: Actor['user_type'][]): void {
  if (!roles.includes(actor.user_type)) throw forbidden(`only ${roles.join(' or ')} may do this`);
}

/** onRequest hook for routes that need a signed-in user: 401 comes before any input is even looked at. */
export async function requireActor(request: FastifyRequest): Promise<void> {
  actorOf(request);
}
