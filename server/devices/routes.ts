import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody, IdParams } from '../../src/shared/api/common';
import { EnrollmentCodeRequest, EnrollmentCodeResponse, EnrollRequest, EnrollResponse } from '../../src/shared/sync/protocol';
import { actorOf, requireRole } from '../auth/authenticate';
import * as service from './service';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const DeviceView = z.object({
  id: z.uuid(),
  name: z.string(),
  created_at: z.number(),
  last_seen_at: z.number().nullable(),
  revoked_at: z.number().nullable(),
});

/** /api/devices: owners enroll and revoke booths; booths trade a code for a token (rate-limited, no sign-in). */
export const deviceRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = () => app.ctx.database.db;
  const keys = () => [app.ctx.config.passSigner.publicKey];

  app.post('/enrollment-codes', { schema: { body: EnrollmentCodeRequest, response: { 201: EnrollmentCodeResponse, ...errors } } }, async (request, reply) => {
    const actor = actorOf(request);
    requireRole(actor, 'owner', 'admin');
    return reply.status(201).send(await service.createEnrollmentCode(db(), actor, request.body.lot_id, request.body.ttl_minutes));
  });

  app.post(
    '/enroll',
    { config: { rateLimit: { max: app.ctx.config.rateLimits.auth, timeWindow: 60_000 } }, schema: { body: EnrollRequest, response: { 201: EnrollResponse, ...errors } } },
    async (request, reply) => reply.status(201).send(await service.enroll(db(), keys(), request.body.code, request.body.booth_name)),
  );

  app.get('/', { schema: { response: { 200: z.object({ items: z.array(DeviceView) }), ...errors } } }, async (request) => {
    const actor = actorOf(request);
    requireRole(actor, 'owner', 'admin');
    return { items: await service.listDevices(db(), actor) };
  });

  app.post('/:id/revoke', { schema: { params: IdParams, response: { 204: z.null(), ...errors } } }, async (request, reply) => {
    await service.revokeDevice(db(), actorOf(request), request.params.id);
    return reply.status(204).send(null);
  });
};
