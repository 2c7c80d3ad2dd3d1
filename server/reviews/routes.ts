import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody, IdParams } from '../../src/shared/api/common';
import { Review, ReviewCreate, ReviewImage, ReviewImageParams, ReviewListQuery, ReviewPage, ReviewUpdate, SpotIdParams } from '../../src/shared/api/reviews';
import { actorOf, requireActor } from '../auth/authenticate';
import { refuseEmptyUpdate } from '../auth/update-guard';
import { notFound } from '../errors';
import { findLot } from '../spots/repository';
import { enableImageUploads, readImageUpload, type Storage } from '../storage/index';
import { addReviewImage, dropStored, removeReviewImage } from './images';
import * as repo from './repository';
import * as service from './service';

export interface ReviewRouteOptions extends service.ReviewDeps {
  storage: Storage;
  maxImageBytes: number;
}

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 413: ErrorBody, 415: ErrorBody };
const tags = ['reviews'];

/** /api/reviews: reading a lot's reviews is public; writing needs the reviewing customer. */
export const reviewRoutes: FastifyPluginAsyncZod<ReviewRouteOptions> = async (app, opts) => {
  const db = () => app.ctx.database.db;
  const signedIn = { onRequest: requireActor };
  await enableImageUploads(app, opts.maxImageBytes);

  app.get('/spot/:spotId', { schema: { tags, params: SpotIdParams, querystring: ReviewListQuery, response: { 200: ReviewPage, ...errors } } }, async (request) => {
    const lot = await findLot(db(), request.params.spotId);
    if (!lot) throw notFound('lot');
    const { page, limit, sort } = request.query;
    const { items, total } = await repo.listForLot(db(), lot.id, sort, limit, (page - 1) * limit);
    const images = await repo.imagesFor(db(), items.map((r) => r.id));
    return {
      items: items.map((r) => service.toReview(r, images.get(r.id) ?? [], request.actor)),
      page,
      limit,
      total,
      rating: Number(lot.rating),
      review_count: lot.reviewCount,
    };
  });

  app.get('/:id', { schema: { tags, params: IdParams, response: { 200: Review, ...errors } } }, async (request) =>
    service.reviewView(db(), request.params.id, request.actor),
  );

  app.post('/', { ...signedIn, schema: { tags, body: ReviewCreate, response: { 201: Review, ...errors } } }, async (request, reply) =>
    reply.status(201).send(await service.createReview(db(), opts, actorOf(request), request.body)),
  );

  app.put('/:id', { ...signedIn, ...refuseEmptyUpdate(ReviewUpdate), schema: { tags, params: IdParams, body: ReviewUpdate, response: { 200: Review, ...errors } } }, async (request) =>
    service.updateReview(db(), opts, actorOf(request), request.params.id, request.body),
  );

  app.delete('/:id', { ...signedIn, schema: { tags, params: IdParams, response: { 204: z.null(), ...errors } } }, async (request, reply) => {
    const urls = await service.deleteReview(db(), opts, actorOf(request), request.params.id);
    await dropStored(opts.storage, urls, request.log);
    return reply.status(204).send(null);
  });

  app.post(
    '/:id/images',
    { ...signedIn, schema: { tags, summary: 'Add a photo (multipart/form-data, field "file")', params: IdParams, response: { 201: ReviewImage, ...errors } } },
    async (request, reply) => {
      const actor = actorOf(request);
      const upload = await readImageUpload(request, opts.maxImageBytes);
      return reply.status(201).send(await addReviewImage(db(), opts.storage, actor, request.params.id, upload));
    },
  );

  app.delete('/:id/images/:imageId', { ...signedIn, schema: { tags, params: ReviewImageParams, response: { 204: z.null(), ...errors } } }, async (request, reply) => {
    await removeReviewImage(db(), opts.storage, actorOf(request), request.params.id, request.params.imageId);
    return reply.status(204).send(null);
  });
};
