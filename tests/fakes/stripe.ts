// A local server speaking the Stripe API endpoints ParkPass uses, so the official `stripe` SDK can
// be exercised for real:  new Stripe(key, { host, port, protocol: 'http' }).
// Endpoints: POST /v1/payment_intents, GET /v1/payment_intents/:id, POST /v1/payment_intents/:id/confirm,
// POST /v1/payment_intents/:id/cancel, POST /v1/refunds. Like Stripe it checks the secret key, replays
// a POST with a seen Idempotency-Key, and (when told where) delivers signed webhook events.
import Stripe from 'stripe';
import { json, startHttpFake, type FakeRequest, type FakeResponse, type RunningFake } from './http';
import { parseStripeForm, str, strings } from './form';
import { StripeError, StripeLedger, newId, type FakeIntent, type FakeRefund } from './stripe-ledger';

export interface FakeEvent {
  id: string;
  object: 'event';
  type: string;
  api_version: string;
  created: number;
  livemode: false;
  data: { object: unknown };
}

export interface FakeStripe extends RunningFake {
  secretKey: string;
  ledger: StripeLedger;
  events: FakeEvent[];
  /** Requests seen, in order (method and path), to assert what the SDK called. */
  calls: string[];
  /** Answer the next `count` requests with a 500, as a Stripe outage would. */
  failNext(count: number): void;
  /** From now on POST every event to `url`, signed with `secret` as Stripe does. */
  deliverWebhooksTo(url: string, secret: string): void;
  /** Resolves once every webhook delivery started so far has finished. */
  settled(): Promise<void>;
  /** A Stripe SDK client pointed at this fake. */
  client(): Stripe;
}

const signer = new Stripe('sk_test_signer_only');

/** Signs an event body the way Stripe does, for tests that post webhooks themselves. */
export function signWebhook(payload: string, secret: string, timestamp?: number): string {
  return signer.webhooks.generateTestHeaderString({ payload, secret, ...(timestamp ? { timestamp } : {}) });
}

export async function startFakeStripe(secretKey = 'sk_test_parkpass_fake'): Promise<FakeStripe> {
  const ledger = new StripeLedger();
  const events: FakeEvent[] = [];
  const calls: string[] = [];
  const replies = new Map<string, FakeResponse>();
  const deliveries: Promise<void>[] = [];
  let failures = 0;
  let webhook: { url: string; secret: string } | null = null;

  const emit = (type: string, object: unknown): void => {
    const event: FakeEvent = {
      id: newId('evt'),
      object: 'event',
      type,
      api_version: '2025-01-27.acacia',
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      data: { object },
    };
    events.push(event);
    if (webhook) deliveries.push(deliver(webhook, event));
  };

  const route = (req: FakeRequest): FakeResponse => {
    const form = parseStripeForm(req.body.toString('utf8'));
    const path = req.url.pathname;
    const intentPath = /^\/v1\/payment_intents\/([^/]+)(\/confirm|\/cancel)?$/.exec(path);
    if (req.method === 'POST' && path === '/v1/payment_intents') {
      return json(200, ledger.createIntent({ ...pick(form), metadata: strings(form, 'metadata') }));
    }
    if (intentPath && req.method === 'GET' && !intentPath[2]) return json(200, ledger.getIntent(intentPath[1] ?? ''));
    if (intentPath && req.method === 'POST' && intentPath[2] === '/confirm') {
      try {
        const intent = ledger.confirm(intentPath[1] ?? '', str(form, 'payment_method'));
        emit('payment_intent.succeeded', intent);
        return json(200, intent);
      } catch (err) {
        if (err instanceof StripeError && err.type === 'card_error') emit('payment_intent.payment_failed', err.extra.payment_intent);
        throw err;
      }
    }
    if (intentPath && req.method === 'POST' && intentPath[2] === '/cancel') {
      const intent = ledger.cancel(intentPath[1] ?? '');
      emit('payment_intent.canceled', intent);
      return json(200, intent);
    }
    if (req.method === 'POST' && path === '/v1/refunds') {
      const refund = ledger.refund({ ...pickRefund(form), metadata: strings(form, 'metadata') });
      emit('charge.refunded', chargeOf(ledger.getIntent(refund.payment_intent), ledger));
      return json(200, refund);
    }
    throw new StripeError(404, 'invalid_request_error', `Unrecognized request URL (${req.method}: ${path}).`);
  };

  const server = await startHttpFake((req) => {
    calls.push(`${req.method} ${req.url.pathname}`);
    if (failures > 0) {
      failures -= 1;
      return json(500, { error: { type: 'api_error', message: 'Fake outage' } });
    }
    if (req.headers.authorization !== `Bearer ${secretKey}`) {
      return json(401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } });
    }
    const key = req.method === 'POST' ? req.headers['idempotency-key'] : undefined;
    const replay = typeof key === 'string' ? replies.get(key) : undefined;
    if (replay) return { ...replay, headers: { ...replay.headers, 'idempotent-replayed': 'true' } };
    let reply: FakeResponse;
    try {
      reply = route(req);
    } catch (err) {
      if (!(err instanceof StripeError)) throw err;
      reply = json(err.status, err.body());
    }
    if (typeof key === 'string') replies.set(key, reply);
    return reply;
  });

  return {
    ...server,
    secretKey,
    ledger,
    events,
    calls,
    failNext: (count) => {
      failures = count;
    },
    deliverWebhooksTo: (url, secret) => {
      webhook = { url, secret };
    },
    settled: async () => {
      await Promise.all(deliveries);
    },
    client: () => new Stripe(secretKey, { host: server.host, port: server.port, protocol: 'http', maxNetworkRetries: 0 }),
  };
}

async function deliver(target: { url: string; secret: string }, event: FakeEvent): Promise<void> {
  const payload = JSON.stringify(event, null, 2);
  try {
    await fetch(target.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': signWebhook(payload, target.secret) },
      body: payload,
    });
  } catch {
    // Stripe retries later; a test that cares posts the event itself.
  }
}

function pick(form: ReturnType<typeof parseStripeForm>) {
  return { amount: str(form, 'amount'), currency: str(form, 'currency'), payment_method: str(form, 'payment_method') };
}

function pickRefund(form: ReturnType<typeof parseStripeForm>) {
  return { payment_intent: str(form, 'payment_intent'), amount: str(form, 'amount'), reason: str(form, 'reason') };
}

function chargeOf(intent: FakeIntent, ledger: StripeLedger) {
  const refunded = ledger.refundedAmount(intent.id);
  return {
    id: intent.latest_charge,
    object: 'charge',
    amount: intent.amount_received,
    amount_refunded: refunded,
    refunded: refunded >= intent.amount_received,
    currency: intent.currency,
    payment_intent: intent.id,
    metadata: intent.metadata,
  };
}

export type { FakeIntent, FakeRefund };
