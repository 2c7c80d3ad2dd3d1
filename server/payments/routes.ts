import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorBody } from '../../src/shared/api/common';
import { ConfirmBody, ConfirmResult, CreateIntentBody, CreateIntentResult } from '../../src/shared/api/payments';
import { actorOf, requireActor } from '../auth/authenticate';
import { confirmPayment, createIntent } from './service';
import { webhookRoute, type WebhookOptions } from './webhook';

const errors = { 400: ErrorBody, 401: ErrorBody, 402: ErrorBody, 404: ErrorBody, 409: ErrorBody, 502: ErrorBody };
const tags = ['payments'];

/** /api/payments: the customer pays their own booking; Stripe reports back through the signed webhook. */
export const paymentRoutes: FastifyPluginAsyncZod<WebhookOptions> = async (app, opts) => {
  const db = () => app.ctx.database.db;
  await app.register(webhookRoute, opts);

  await app.register(async (scope) => {
    const customer = scope.withTypeProvider<ZodTypeProvider>();
    customer.addHook('onRequest', requireActor);
    customer.post('/api/payments/create-intent', { schema: { tags, body: CreateIntentBody, response: { 201: CreateIntentResult, ...errors } } }, async (request, reply) =>
      reply.status(201).send(await createIntent(db(), opts, actorOf(request), request.body.booking_id)),
    );
    customer.post('/api/payments/confirm', { schema: { tags, body: ConfirmBody, response: { 200: ConfirmResult, ...errors } } }, async (request) =>
      confirmPayment(db(), opts, actorOf(request), request.body.payment_intent_id, request.body.payment_method),
    );
  });
};
