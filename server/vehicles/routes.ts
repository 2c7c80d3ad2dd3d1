import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody, IdParams, PageQuery, page } from '../../src/shared/api/common';
import { Vehicle, VehicleCreate, VehicleUpdate } from '../../src/shared/api/vehicles';
import { actorOf, requireActor } from '../auth/authenticate';
import { refuseEmptyUpdate } from '../auth/update-guard';
import * as repo from './repository';
import * as service from './service';

const errors = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** /api/vehicles: the signed-in user's vehicles only. */
export const vehicleRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = () => app.ctx.database.db;
  app.addHook('onRequest', requireActor);

  app.get('/', { schema: { querystring: PageQuery, response: { 200: page(Vehicle), ...errors } } }, async (request) => {
    const { page: p, limit } = request.query;
    const { items, total } = await repo.listVehicles(db(), actorOf(request).id, limit, (p - 1) * limit);
    return { items: items.map(service.toVehicle), page: p, limit, total };
  });

  app.post('/', { schema: { body: VehicleCreate, response: { 201: Vehicle, ...errors } } }, async (request, reply) =>
    reply.status(201).send(service.toVehicle(await service.createVehicle(db(), actorOf(request), request.body))),
  );

  app.put('/:id', { ...refuseEmptyUpdate(VehicleUpdate), schema: { params: IdParams, body: VehicleUpdate, response: { 200: Vehicle, ...errors } } }, async (request) =>
    service.toVehicle(await service.updateVehicle(db(), actorOf(request), request.params.id, request.body)),
  );

  app.delete('/:id', { schema: { params: IdParams, response: { 204: z.null(), ...errors } } }, async (request, reply) => {
    await service.deleteVehicle(db(), actorOf(request), request.params.id);
    return reply.status(204).send(null);
  });
};
