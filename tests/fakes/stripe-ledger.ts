// The state and rules of the Stripe fake: payment intents and refunds, kept as Stripe shapes them
// (amounts in integer minor units, statuses, error bodies) so the real `stripe` SDK parses them.
import { randomBytes } from 'node:crypto';

export interface FakeIntent {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_received: number;
  currency: string;
  status: 'requires_payment_method' | 'requires_confirmation' | 'succeeded' | 'canceled';
  client_secret: string;
  metadata: Record<string, string>;
  payment_method: string | null;
  latest_charge: string | null;
  last_payment_error: { code: string; message: string; type: string } | null;
  created: number;
  livemode: false;
}

export interface FakeRefund {
  id: string;
  object: 'refund';
  amount: number;
  currency: string;
  payment_intent: string;
  charge: string | null;
  status: 'succeeded';
  reason: string | null;
  metadata: Record<string, string>;
  created: number;
}

export class StripeError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
  body(): unknown {
    return { error: { type: this.type, message: this.message, ...this.extra } };
  }
}

/** Test card payment methods with the outcomes Stripe documents for them. */
const DECLINING = new Set(['pm_card_chargeDeclined', 'pm_card_visa_chargeDeclined']);

export const newId = (prefix: string): string => `${prefix}_${randomBytes(12).toString('hex')}`;
const now = (): number => Math.floor(Date.now() / 1000);

export class StripeLedger {
  readonly intents = new Map<string, FakeIntent>();
  readonly refunds: FakeRefund[] = [];

  createIntent(p: { amount?: string; currency?: string; metadata: Record<string, string>; payment_method?: string }): FakeIntent {
    const amount = Number(p.amount);
    if (!p.amount || !Number.isInteger(amount) || amount < 1) {
      throw new StripeError(400, 'invalid_request_error', 'Invalid integer: amount', { param: 'amount' });
    }
    if (!p.currency || !/^[a-z]{3}$/.test(p.currency)) {
      throw new StripeError(400, 'invalid_request_error', 'Missing required param: currency.', { param: 'currency' });
    }
    const id = newId('pi');
    const intent: FakeIntent = {
      id,
      object: 'payment_intent',
      amount,
      amount_received: 0,
      currency: p.currency,
      status: p.payment_method ? 'requires_confirmation' : 'requires_payment_method',
      client_secret: `${id}_secret_${randomBytes(8).toString('hex')}`,
      metadata: p.metadata,
      payment_method: p.payment_method ?? null,
      latest_charge: null,
      last_payment_error: null,
      created: now(),
      livemode: false,
    };
    this.intents.set(id, intent);
    return intent;
  }

  getIntent(id: string): FakeIntent {
    const intent = this.intents.get(id);
    if (!intent) {
      throw new StripeError(404, 'invalid_request_error', `No such payment_intent: '${id}'`, {
        code: 'resource_missing',
        param: 'intent',
      });
    }
    return intent;
  }

  /** Returns the intent; a declined card throws a 402 card_error carrying the updated intent. */
  confirm(id: string, paymentMethod: string | undefined): FakeIntent {
    const intent = this.getIntent(id);
    if (intent.status === 'succeeded' || intent.status === 'canceled') {
      throw new StripeError(400, 'invalid_request_error', `This PaymentIntent's status is ${intent.status}.`, {
        code: 'payment_intent_unexpected_state',
      });
    }
    const method = paymentMethod ?? intent.payment_method;
    if (!method) {
      throw new StripeError(400, 'invalid_request_error', 'You cannot confirm this PaymentIntent because it is missing a payment method.', {
        code: 'payment_intent_unexpected_state',
      });
    }
    intent.payment_method = method;
    if (DECLINING.has(method)) {
      intent.status = 'requires_payment_method';
      intent.last_payment_error = { code: 'card_declined', message: 'Your card was declined.', type: 'card_error' };
      throw new StripeError(402, 'card_error', 'Your card was declined.', {
        code: 'card_declined',
        decline_code: 'generic_decline',
        payment_intent: intent,
      });
    }
    intent.status = 'succeeded';
    intent.amount_received = intent.amount;
    intent.latest_charge = newId('ch');
    intent.last_payment_error = null;
    return intent;
  }

  cancel(id: string): FakeIntent {
    const intent = this.getIntent(id);
    if (intent.status === 'succeeded' || intent.status === 'canceled') {
      throw new StripeError(400, 'invalid_request_error', `You cannot cancel this PaymentIntent because it has a status of ${intent.status}.`, {
        code: 'payment_intent_unexpected_state',
      });
    }
    intent.status = 'canceled';
    return intent;
  }

  refund(p: { payment_intent?: string; amount?: string; reason?: string; metadata: Record<string, string> }): FakeRefund {
    if (!p.payment_intent) {
      throw new StripeError(400, 'invalid_request_error', 'One of the following params should be provided for this request: payment_intent or charge.');
    }
    const intent = this.getIntent(p.payment_intent);
    if (intent.status !== 'succeeded') {
      throw new StripeError(400, 'invalid_request_error', `This PaymentIntent does not have a successful charge to refund.`, {
        code: 'charge_not_refundable',
      });
    }
    const already = this.refundedAmount(intent.id);
    const remaining = intent.amount_received - already;
    const amount = p.amount === undefined ? remaining : Number(p.amount);
    if (!Number.isInteger(amount) || amount < 1 || amount > remaining) {
      throw new StripeError(400, 'invalid_request_error', `Refund amount (${p.amount ?? amount}) is greater than unrefunded amount on charge (${remaining})`, {
        code: already >= intent.amount_received ? 'charge_already_refunded' : 'amount_too_large',
        param: 'amount',
      });
    }
    const refund: FakeRefund = {
      id: newId('re'),
      object: 'refund',
      amount,
      currency: intent.currency,
      payment_intent: intent.id,
      charge: intent.latest_charge,
      status: 'succeeded',
      reason: p.reason ?? null,
      metadata: p.metadata,
      created: now(),
    };
    this.refunds.push(refund);
    return refund;
  }

  refundedAmount(intentId: string): number {
    return this.refunds.filter((r) => r.payment_intent === intentId).reduce((sum, r) => sum + r.amount, 0);
  }
}
