import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AvailabilityBlock, BlockCreate, BlockParams } from '../../src/shared/api/admin';
import { ErrorBody, IdParams } from '../../src/shared/api/common';
import { actorOf, requireActor } from '../auth/authenticate';
import { createBlock, deleteBlock, listBlocks } from './blocks';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const tags = ['availability'];

/** /api/spots/:id/blocks: the lot's owner (or an admin) blocks bays for a time range. */
export const blockRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = () => app.ctx.database.db;
  app.addHook('onRequest', requireActor);

  app.get('/api/spots/:id/blocks', { schema: { tags, params: IdParams, response: { 200: z.array(AvailabilityBlock), ...errors } } }, async (request) =>
    listBlocks(db(), actorOf(request), request.params.id),
  );
  app.post('/api/spots/:id/blocks', { schema: { tags, params: IdParams, body: BlockCreate, response: { 201: AvailabilityBlock, ...errors } } }, async (request, reply) =>
    reply.status(201).send(await createBlock(db(), actorOf(request), request.params.id, request.body)),
  );
  app.delete('/api/spots/:id/blocks/:blockId', { schema: { tags, params: BlockParams, response: { 204: z.null(), ...errors } } }, async (request, reply) => {
    await deleteBlock(db(), actorOf(request), request.params.id, request.params.blockId);
    return reply.status(204).send(null);
  });
};
