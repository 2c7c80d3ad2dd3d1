// POST /api/payments/webhook: Stripe's signature is checked over the exact bytes received (so this route
// reads the body raw), and each event id is recorded in the same transaction as its effect: the same event
// delivered twice changes nothing the second time, and a failed apply leaves it to Stripe's retry.
import type { FastifyInstance } from 'fastify';
import type Stripe from 'stripe';
import { ErrorBody } from '../../src/shared/api/common';
import { WebhookResult } from '../../src/shared/api/payments';
import { ApiError } from '../errors';
import { claimWebhookEvent } from './repository';
import { applyIntent, applyRefunded, type PaymentDeps } from './service';

export interface WebhookOptions extends PaymentDeps {
  webhookSecret: string | null;
}

const MAX_EVENT_BYTES = 512 * 1024;

export async function webhookRoute(app: FastifyInstance, opts: WebhookOptions): Promise<void> {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_EVENT_BYTES }, (_req, body, done) => done(null, body));
  const db = () => app.ctx.database.db;

  app.post(
    '/api/payments/webhook',
    { schema: { tags: ['payments'], summary: 'Stripe webhook (signed)', response: { 200: WebhookResult, 400: ErrorBody, 409: ErrorBody } } },
    async (request) => {
      if (!opts.stripe || !opts.webhookSecret) throw new ApiError(409, 'pay_at_booth', 'online payment is not set up here');
      const signature = request.headers['stripe-signature'];
      if (typeof signature !== 'string' || !Buffer.isBuffer(request.body)) throw new ApiError(400, 'bad_signature', 'missing Stripe signature');
      let event: Stripe.Event;
      try {
        event = opts.stripe.webhooks.constructEvent(request.body, signature, opts.webhookSecret);
      } catch {
        throw new ApiError(400, 'bad_signature', 'the Stripe signature does not match this payload');
      }
      const fresh = await db().transaction(async (tx) => {
        if (!(await claimWebhookEvent(tx, event.id, event.type))) return false;
        if (event.type === 'payment_intent.succeeded' || event.type === 'payment_intent.payment_failed' || event.type === 'payment_intent.canceled') {
          await applyIntent(tx, opts, event.data.object, event.id);
        } else if (event.type === 'charge.refunded') {
          const charge = event.data.object;
          const intentId = typeof charge.payment_intent === 'string' ? charge.payment_intent : charge.payment_intent?.id;
          if (intentId) await applyRefunded(tx, opts, intentId, charge.amount_refunded, event.id);
        }
        return true;
      });
      if (fresh) await opts.notifier.drain();
      return { received: true as const, duplicate: !fresh };
    },
  );
}
