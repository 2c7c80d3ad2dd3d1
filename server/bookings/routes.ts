import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Booking, BookingCreate, BookingListQuery, CancelBody, ExtendBody, ValidateBody, ValidateResult } from '../../src/shared/api/bookings';
import { ErrorBody, IdParams, page } from '../../src/shared/api/common';
import { PassVerifier } from '../../src/shared/pass';
import { actorOf, requireActor } from '../auth/authenticate';
import { forbidden, notFound } from '../errors';
import { findLot } from '../spots/repository';
import { canManage } from '../spots/service';
import { toBooking } from './mapper';
import * as repo from './repository';
import * as service from './service';
import { validatePass } from './validate';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 429: ErrorBody };

/** /api/bookings: every route needs a signed-in user; a booking is visible to its customer and its lot's managers. */
export const bookingRoutes: FastifyPluginAsyncZod = async (app) => {
  const { config } = app.ctx;
  const db = () => app.ctx.database.db;
  const verifier = new PassVerifier([config.passSigner.publicKey]);
  app.addHook('onRequest', requireActor);

  app.get('/', { schema: { querystring: BookingListQuery, response: { 200: page(Booking), ...errors } } }, async (request) => {
    const actor = actorOf(request);
    const { page: p, limit, status, spot_id } = request.query;
    if (spot_id) {
      const lot = await findLot(db(), spot_id);
      if (!lot) throw notFound('lot');
      if (!canManage(actor, lot)) throw forbidden("only the lot's owner or an admin lists its bookings");
    }
    const { items, total } = await repo.listBookings(
      db(),
      { ...(spot_id ? { spotId: spot_id } : { userId: actor.id }), ...(status && { status }) },
      limit,
      (p - 1) * limit,
    );
    return { items: items.map(toBooking), page: p, limit, total };
  });

  app.post('/', { schema: { body: BookingCreate, response: { 200: Booking, 201: Booking, ...errors } } }, async (request, reply) => {
    const { booking, created } = await service.createBooking(db(), config.passSigner, actorOf(request), request.body);
    return reply.status(created ? 201 : 200).send(toBooking(booking));
  });

  app.post(
    '/validate',
    {
      config: { rateLimit: { max: config.rateLimits.validate, timeWindow: 60_000 } },
      schema: { body: ValidateBody, response: { 200: ValidateResult, ...errors } },
    },
    async (request) => validatePass(db(), verifier, actorOf(request), request.body),
  );

  app.get('/:id', { schema: { params: IdParams, response: { 200: Booking, ...errors } } }, async (request) =>
    toBooking(await service.visibleBooking(db(), actorOf(request), request.params.id)),
  );

  app.put('/:id/extend', { schema: { params: IdParams, body: ExtendBody, response: { 200: Booking, ...errors } } }, async (request) =>
    toBooking(await service.extendBooking(db(), config.passSigner, actorOf(request), request.params.id, request.body.end_time)),
  );

  app.put('/:id/cancel', { schema: { params: IdParams, body: CancelBody.nullish(), response: { 200: Booking, ...errors } } }, async (request) =>
    toBooking(await service.cancelBooking(db(), actorOf(request), request.params.id)),
  );
};
