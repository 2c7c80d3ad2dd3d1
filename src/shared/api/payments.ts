import { z } from 'zod';
import { InstantOut } from './common';

export const Payment = z.object({
  id: z.uuid(),
  booking_id: z.uuid(),
  stripe_payment_intent_id: z.string().nullable(),
  amount_cents: z.number().int(),
  currency: z.string(),
  status: z.enum(['pending', 'succeeded', 'failed', 'cancelled', 'refunded']),
  payment_method: z.string().nullable(),
  failure_reason: z.string().nullable(),
  refund_amount_cents: z.number().int(),
  created_at: InstantOut,
  updated_at: InstantOut,
});
export type Payment = z.infer<typeof Payment>;

export const CreateIntentBody = z.object({ booking_id: z.uuid() }).strict();
export const CreateIntentResult = z.object({
  payment: Payment,
  /** Handed to Stripe.js on the client to collect the card; never logged. */
  client_secret: z.string(),
});

const StripeId = (prefix: string) => z.string().regex(new RegExp(`^${prefix}_[A-Za-z0-9_]{1,250}$`), `expected a ${prefix}_… id`);
export const ConfirmBody = z
  .object({
    payment_intent_id: StripeId('pi'),
    /** A payment method to confirm with on the server (e.g. pm_card_visa in test mode); omit when Stripe.js confirmed it. */
    payment_method: StripeId('pm').optional(),
  })
  .strict();
export const ConfirmResult = z.object({
  payment: Payment,
  booking_payment_status: z.enum(['pending', 'paid', 'failed', 'refunded']),
});

export const WebhookResult = z.object({ received: z.literal(true), duplicate: z.boolean() });
