/**
 * Bearer authentication. Every request gets `request.actor` (or null) from its Authorization header; routes
 * call `actorOf(request)` (401 without a valid token) and `requireRole` (403).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { forbidden, unauthorized } from '../errors';
import { type Actor, verifyAccessToken } from './tokens';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    /** Set when an Authorization header was sent but did not verify. */
    authFailed: boolean;
  }
}

export function installAuthentication(app: FastifyInstance): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('authFailed', false);
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    if (!header) return;
    const m = /^Bearer ([A-Za-z0-9_.-]{10,4096})$/.exec(header);
    request.actor = m ? await verifyAccessToken(m[1]!, app.ctx.config.jwt.secret) : null;
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
