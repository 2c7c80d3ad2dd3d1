/**
 * Update routes (PUT of a resource's fields) refuse a body that would change nothing — `{}`, no body (with or
 * without a JSON content type), `null`, or only fields the route does not know — with 400 `nothing_to_update`,
 * before anything is read or written. Without this such a request bumped `updated_at` (and, for lots, dropped
 * every cached search answer) while telling the client its update succeeded. A mix of known and unknown fields
 * is left to the strict zod schema, which names the unknown ones.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { badRequest } from '../errors';

export function refuseEmptyUpdate(schema: { shape: Record<string, unknown> }) {
  const known = new Set(Object.keys(schema.shape));
  return {
    // A zero-length body has nothing to type: without this a JSON content type on it is refused by the JSON
    // parser with its own message instead of ours.
    preParsing: async (request: FastifyRequest, _reply: FastifyReply, payload: NodeJS.ReadableStream) => {
      const { 'content-length': length, 'transfer-encoding': chunked } = request.headers;
      if (chunked === undefined && (length === undefined || length === '0')) delete request.headers['content-type'];
      return payload;
    },
    preValidation: async (request: FastifyRequest) => {
      const body: unknown = request.body;
      const object = typeof body === 'object' && body !== null && !Array.isArray(body);
      if (body === undefined || body === null || (object && !Object.keys(body).some((k) => known.has(k)))) {
        throw badRequest('nothing to update', 'nothing_to_update');
      }
    },
  };
}
