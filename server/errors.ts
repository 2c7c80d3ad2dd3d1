/**
 * One error shape for the whole API ({ error: { code, message, fields? } }) and the mapping from whatever was
 * thrown to a status: validation → 400 with the failing fields, ApiError → its status, PostgreSQL constraint
 * violations → 409/400, and only a true bug → 500 (logged, never with details to the client).
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import type { ErrorBody } from '../src/shared/api/common';

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const badRequest = (message: string, code = 'bad_request') => new ApiError(400, code, message);
export const unauthorized = (message = 'sign in first', code = 'unauthorized') => new ApiError(401, code, message);
export const forbidden = (message = 'not allowed', code = 'forbidden') => new ApiError(403, code, message);
export const notFound = (what: string) => new ApiError(404, 'not_found', `${what} not found`);
export const conflict = (message: string, code = 'conflict') => new ApiError(409, code, message);

const body = (code: string, message: string, fields?: ErrorBody['error']['fields']): ErrorBody => ({
  error: fields ? { code, message, fields } : { code, message },
});

/** The PostgreSQL error behind a drizzle error, if any (drizzle wraps driver errors in `cause`). */
function pgCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/**
 * Node's socket and name-lookup errors (a database host not yet in DNS while containers start), and
 * node-postgres's own words for a connection that is gone or cannot be had.
 */
const LOST_CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN']);
const LOST_CONNECTION_MESSAGE = /Connection terminated|not queryable|timeout exceeded when trying to connect/;

/**
 * The database went away under the request (restart, failover, a terminated session) or cannot be reached:
 * not a bug, and the client may retry, since the transaction it was in rolled back with the connection.
 */
export function databaseUnavailable(error: unknown): boolean {
  const pg = pgCode(error);
  if (pg !== undefined) return pg.startsWith('08') || pg === '57P01' || pg === '57P02' || pg === '57P03' || pg === '53300';
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && LOST_CONNECTION_CODES.has(code)) return true;
    if (typeof message === 'string' && LOST_CONNECTION_MESSAGE.test(message)) return true;
  }
  return false;
}

/** The database failing under a request, as the 503 the client gets (null: something else). */
function dependencyFailure(error: unknown): ApiError | null {
  // lock_timeout: a lock held elsewhere for longer than DATABASE_LOCK_TIMEOUT (a stuck session, a long job).
  if (pgCode(error) === '55P03') return new ApiError(503, 'database_busy', 'what this changes is busy, please retry', { cause: error });
  if (databaseUnavailable(error)) return new ApiError(503, 'database_unavailable', 'the database is unavailable, please retry', { cause: error });
  return null;
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send(body('not_found', `no route ${request.method} ${request.url.split('?')[0]}`));
  });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const fields = error.validation.map((v) => ({
        path: [error.validationContext, ...String(v.instancePath).split('/').filter(Boolean)].join('.'),
        message: v.message ?? 'invalid',
      }));
      return reply.status(400).send(body('validation_failed', 'some fields are invalid', fields));
    }
    const known = error instanceof ApiError ? error : dependencyFailure(error);
    if (known) {
      // A dependency that failed (database, payment provider, file store): the operator wants to know what it said.
      if (known.statusCode >= 500) request.log.warn({ err: known.cause ?? known, code: known.code }, known.message);
      if (known.statusCode === 503) void reply.header('retry-after', '1');
      return reply.status(known.statusCode).send(body(known.code, known.message));
    }
    const pg = pgCode(error);
    if (pg === '23505') return reply.status(409).send(body('conflict', 'that already exists'));
    if (pg === '23503') return reply.status(409).send(body('conflict', 'it is still in use or refers to something missing'));
    if (pg === '23514' || pg === '22P02' || pg === '22003' || pg === '22007' || pg === '22008') {
      return reply.status(400).send(body('bad_request', 'a value is out of range'));
    }
    if (pg === '40001' || pg === '40P01') return reply.status(409).send(body('retry', 'busy, please retry'));
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error }, 'response did not match its schema');
      return reply.status(500).send(body('internal', 'internal error'));
    }
    const status = error.statusCode ?? 500;
    if (status === 429) return reply.status(429).send(body('rate_limited', 'too many requests, slow down'));
    if (status >= 400 && status < 500) {
      return reply.status(status).send(body(error.code?.toLowerCase() ?? 'bad_request', error.message));
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send(body('internal', 'internal error'));
  });
}
