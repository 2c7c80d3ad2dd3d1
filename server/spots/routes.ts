import { createSerializerCompiler, type FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody, IdParams, PageQuery, page } from '../../src/shared/api/common';
import { Amenity, Bay, BayParams, BayUpdate, LotCreate, LotDetail, LotSearchItem, LotSearchQuery, LotUpdate, Lot } from '../../src/shared/api/spots';
import { actorOf, requireActor } from '../auth/authenticate';
import { refuseEmptyUpdate } from '../auth/update-guard';
import { cached } from '../cache/cache';
import { notFound } from '../errors';
import { toLot } from './mapper';
import * as repo from './repository';
import { searchKey, searchLots } from './search';
import * as service from './service';

const SearchPage = page(LotSearchItem);
/** The same zod encoding and JSON as the app's serializer, so cached and fresh answers are identical. */
const serializeSearch = createSerializerCompiler({})({ schema: SearchPage, method: 'GET', url: '/api/spots' } as never) as (data: unknown) => string;

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** /api/spots (lots; the seed's path) and /api/amenities. Reading is public; changing needs the lot's owner or an admin. */
export const spotRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = () => app.ctx.database.db;
  const signedIn = { onRequest: requireActor };

  app.get('/amenities', { schema: { response: { 200: z.array(Amenity) } } }, async () => repo.listAmenities(db()));

  // The busiest read: answers are cached already serialised (server/cache/lots.ts says when they are dropped).
  app.get('/spots', { schema: { querystring: LotSearchQuery, response: { 200: SearchPage, ...errors } } }, async (request, reply) => {
    const q = request.query;
    const body = await cached(
      // A window's answer also depends on bookings: its own cache, which booking changes drop as well.
      q.start_time ? app.lotWindowCache : app.lotCache,
      searchKey(q),
      async () => {
        const { items, total } = await searchLots(db(), q);
        return serializeSearch({ items, page: q.page, limit: q.limit, total });
      },
      (err) => app.extras.redisTrouble(err as Error), // logged once a minute at most, not per search
    );
    // Already JSON: Fastify sends a string as it is.
    return reply.type('application/json').send(body as never);
  });

  app.get('/spots/:id', { schema: { params: IdParams, response: { 200: LotDetail, ...errors } } }, async (request) => {
    const lot = await service.lotDetail(db(), request.actor, request.params.id);
    if (!lot) throw notFound('lot');
    return lot;
  });

  app.get(
    '/spots/owner/:ownerId',
    { schema: { params: z.object({ ownerId: z.uuid() }), querystring: PageQuery, response: { 200: page(Lot), ...errors } } },
    async (request) => {
      const { ownerId } = request.params;
      const { page: p, limit } = request.query;
      const actor = request.actor;
      const mine = !!actor && (actor.id === ownerId || actor.user_type === 'admin');
      const { items, total } = await repo.listByOwner(db(), ownerId, mine, limit, (p - 1) * limit);
      return { items: items.map(toLot), page: p, limit, total };
    },
  );

  app.post('/spots', { ...signedIn, schema: { body: LotCreate, response: { 201: LotDetail, ...errors } } }, async (request, reply) =>
    reply.status(201).send(await service.createLot(db(), actorOf(request), request.body)),
  );

  app.put('/spots/:id', { ...signedIn, ...refuseEmptyUpdate(LotUpdate), schema: { params: IdParams, body: LotUpdate, response: { 200: LotDetail, ...errors } } }, async (request) =>
    service.updateLot(db(), actorOf(request), request.params.id, request.body),
  );

  app.delete('/spots/:id', { ...signedIn, schema: { params: IdParams, response: { 204: z.null(), ...errors } } }, async (request, reply) => {
    await service.deleteLot(db(), actorOf(request), request.params.id);
    return reply.status(204).send(null);
  });

  app.put(
    '/spots/:id/bays/:bayId',
    { ...signedIn, ...refuseEmptyUpdate(BayUpdate), schema: { params: BayParams, body: BayUpdate, response: { 200: Bay, ...errors } } },
    async (request) => {
      const { id, bayId } = request.params;
      return service.setBayBlocked(db(), actorOf(request), id, bayId, request.body.blocked, request.body.blocked_reason ?? null);
    },
  );
};
