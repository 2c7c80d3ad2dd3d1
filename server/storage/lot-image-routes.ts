import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody, IdParams } from '../../src/shared/api/common';
import { LotImageOrder, LotImageParams } from '../../src/shared/api/images';
import { LotImage } from '../../src/shared/api/spots';
import { actorOf, requireActor } from '../auth/authenticate';
import { notFound } from '../errors';
import { findLot } from '../spots/repository';
import { addLotImage, listLotImages, makePrimary, removeLotImage, reorderLotImages } from './lot-images';
import type { Storage } from './storage';
import { enableImageUploads, readImageUpload } from './upload';

export interface LotImageRouteOptions {
  storage: Storage;
  maxImageBytes: number;
}

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 413: ErrorBody, 415: ErrorBody };
const tags = ['images'];

/** /api/spots/:id/images: a lot's photos. Listing is public; changes need the lot's owner or an admin. */
export const lotImageRoutes: FastifyPluginAsyncZod<LotImageRouteOptions> = async (app, opts) => {
  const db = () => app.ctx.database.db;
  const signedIn = { onRequest: requireActor };
  await enableImageUploads(app, opts.maxImageBytes);

  app.get('/api/spots/:id/images', { schema: { tags, params: IdParams, response: { 200: z.array(LotImage), ...errors } } }, async (request) => {
    if (!(await findLot(db(), request.params.id))) throw notFound('lot');
    return listLotImages(db(), request.params.id);
  });

  app.post(
    '/api/spots/:id/images',
    { ...signedIn, schema: { tags, summary: 'Add a photo (multipart/form-data, field "file")', params: IdParams, response: { 201: LotImage, ...errors } } },
    async (request, reply) => {
      const actor = actorOf(request);
      const upload = await readImageUpload(request, opts.maxImageBytes);
      return reply.status(201).send(await addLotImage(db(), opts.storage, actor, request.params.id, upload));
    },
  );

  app.put(
    '/api/spots/:id/images/order',
    { ...signedIn, schema: { tags, params: IdParams, body: LotImageOrder, response: { 200: z.array(LotImage), ...errors } } },
    async (request) => reorderLotImages(db(), actorOf(request), request.params.id, request.body.image_ids),
  );

  app.put(
    '/api/spots/:id/images/:imageId/primary',
    { ...signedIn, schema: { tags, params: LotImageParams, response: { 200: z.array(LotImage), ...errors } } },
    async (request) => makePrimary(db(), actorOf(request), request.params.id, request.params.imageId),
  );

  app.delete(
    '/api/spots/:id/images/:imageId',
    { ...signedIn, schema: { tags, params: LotImageParams, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      await removeLotImage(db(), opts.storage, actorOf(request), request.params.id, request.params.imageId);
      return reply.status(204).send(null);
    },
  );
};
