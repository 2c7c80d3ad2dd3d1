// Payments through the real stripe SDK against the local Stripe server: intents, confirmation, declines,
// signed webhooks (bad signature → 400 and nothing changed; the same event twice → one effect), refunds
// on cancellation per the policy, and Stripe outages answered with 502, never 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { backends } from '../helpers/pg';
import { register, type Account } from '../server/app';
import { signWebhook, startFakeStripe, type FakeStripe } from '../fakes/stripe';
import { startPart2App, type Part2App } from './app';
import { bookLater, createLot } from './fixtures';

const SECRET = 'whsec_parkpass_test_secret';

describe.each(backends())('payments on %s', (backend) => {
  let stripe: FakeStripe;
  let t: Part2App;
  let owner: Account;
  let ana: Account;
  let bob: Account;
  let lot: { id: string };
  const call = async (method: string, path: string, who: Account | null, payload?: unknown) => {
    const res = await t.app.inject({ method: method as 'POST', url: path, headers: who?.auth ?? {}, ...(payload !== undefined && { payload: payload as object }) });
    return { status: res.statusCode, body: res.body ? res.json() : null };
  };
  const postEvent = (payload: string, signature?: string) =>
    fetch(`${t.url}/api/payments/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', ...(signature && { 'stripe-signature': signature }) }, body: payload });
  const tables = async () => JSON.stringify((await t.database.db.execute(sql`SELECT (SELECT json_agg(p ORDER BY p.id) FROM payments p) AS p, (SELECT json_agg(b.payment_status ORDER BY b.id) FROM bookings b) AS b`)).rows);
  const notes = async (who: Account) => ((await call('GET', '/api/notifications?limit=100', who)).body.items as Array<{ title: string }>).map((n) => n.title);

  beforeAll(async () => {
    stripe = await startFakeStripe();
    t = await startPart2App(backend, { stripe: stripe.client(), webhookSecret: SECRET });
    [owner, ana, bob] = await Promise.all([register(t.app, 'owner'), register(t.app), register(t.app)]);
    lot = await createLot(t.app, owner, { total_slots: 20, price_cents: 400 });
  });
  afterAll(async () => {
    await t?.close();
    await stripe?.close();
  });

  it('creates one intent per booking and amount, confirms it, and marks the booking paid once', async () => {
    stripe.deliverWebhooksTo(`${t.url}/api/payments/webhook`, SECRET);
    const booking = await bookLater(t.app, ana, lot.id, 48, 2);
    const first = await call('POST', '/api/payments/create-intent', ana, { booking_id: booking.id });
    expect(first.status).toBe(201);
    expect(first.body.payment).toMatchObject({ amount_cents: booking.total_cost_cents, status: 'pending', booking_id: booking.id });
    expect(first.body.client_secret).toMatch(/_secret_/);
    const again = await call('POST', '/api/payments/create-intent', ana, { booking_id: booking.id });
    expect(again.body.payment.stripe_payment_intent_id).toBe(first.body.payment.stripe_payment_intent_id);
    expect(stripe.ledger.intents.size).toBe(1);

    const intent = first.body.payment.stripe_payment_intent_id as string;
    expect((await call('POST', '/api/payments/confirm', bob, { payment_intent_id: intent, payment_method: 'pm_card_visa' })).status).toBe(404);
    const confirmed = await call('POST', '/api/payments/confirm', ana, { payment_intent_id: intent, payment_method: 'pm_card_visa' });
    expect(confirmed).toMatchObject({ status: 200, body: { booking_payment_status: 'paid', payment: { status: 'succeeded' } } });
    await stripe.settled(); // the fake's own payment_intent.succeeded webhook arrives too: no second effect
    expect((await call('GET', `/api/bookings/${booking.id}`, ana)).body.payment_status).toBe('paid');
    expect((await notes(ana)).filter((n) => n === 'Payment received')).toHaveLength(1);
    expect((await call('POST', '/api/payments/create-intent', ana, { booking_id: booking.id })).body.error.code).toBe('already_paid');
    stripe.deliverWebhooksTo('http://127.0.0.1:9/nowhere', SECRET);
  });

  it('records a declined card as failed (402), and a later card can still pay', async () => {
    const booking = await bookLater(t.app, ana, lot.id, 50, 1);
    const intent = (await call('POST', '/api/payments/create-intent', ana, { booking_id: booking.id })).body.payment.stripe_payment_intent_id;
    const declined = await call('POST', '/api/payments/confirm', ana, { payment_intent_id: intent, payment_method: 'pm_card_chargeDeclined' });
    expect(declined).toMatchObject({ status: 402, body: { error: { code: 'card_declined' } } });
    expect((await call('GET', `/api/bookings/${booking.id}`, ana)).body.payment_status).toBe('failed');
    expect(await notes(ana)).toContain('Payment failed');
    const retry = await call('POST', '/api/payments/confirm', ana, { payment_intent_id: intent, payment_method: 'pm_card_visa' });
    expect(retry.body.booking_payment_status).toBe('paid');
  });

  it('verifies webhook signatures: a bad one is refused and changes nothing; one event twice has one effect', async () => {
    const booking = await bookLater(t.app, bob, lot.id, 52, 1);
    const intentId = (await call('POST', '/api/payments/create-intent', bob, { booking_id: booking.id })).body.payment.stripe_payment_intent_id as string;
    const intent = stripe.ledger.getIntent(intentId);
    const succeeded = { ...intent, status: 'succeeded', amount_received: intent.amount, latest_charge: 'ch_test_1' };
    const payload = JSON.stringify({ id: 'evt_test_twice', object: 'event', type: 'payment_intent.succeeded', data: { object: succeeded } });
    const before = await tables();
    expect((await postEvent(payload, signWebhook(payload, 'whsec_someone_else'))).status).toBe(400);
    expect((await postEvent(payload)).status).toBe(400);
    expect((await postEvent(payload.replace('ch_test_1', 'ch_test_2'), signWebhook(payload, SECRET))).status).toBe(400);
    expect(await tables()).toBe(before);

    const once = await postEvent(payload, signWebhook(payload, SECRET));
    expect(await once.json()).toEqual({ received: true, duplicate: false });
    const twice = await postEvent(payload, signWebhook(payload, SECRET));
    expect(await twice.json()).toEqual({ received: true, duplicate: true });
    expect((await call('GET', `/api/bookings/${booking.id}`, bob)).body.payment_status).toBe('paid');
    expect((await notes(bob)).filter((n) => n === 'Payment received')).toHaveLength(1);
  });

  it('refunds a cancelled paid booking on Stripe per the policy, exactly once', async () => {
    const early = await bookLater(t.app, ana, lot.id, 60, 2); // ≥ 24 h ahead: all back
    const soon = await bookLater(t.app, bob, lot.id, 2, 2); // < 24 h ahead: half back
    for (const [who, b] of [[ana, early], [bob, soon]] as const) {
      const intent = (await call('POST', '/api/payments/create-intent', who, { booking_id: b.id })).body.payment.stripe_payment_intent_id;
      await call('POST', '/api/payments/confirm', who, { payment_intent_id: intent, payment_method: 'pm_card_visa' });
      expect((await call('PUT', `/api/bookings/${b.id}/cancel`, who, {})).status).toBe(200);
    }
    // Each cancel already started a refund run; this one queues behind them and finds nothing left to pay.
    expect(await t.refunds.run()).toBe(0);
    expect(stripe.ledger.refunds).toHaveLength(2);
    const byBooking = new Map(stripe.ledger.refunds.map((r) => [stripe.ledger.getIntent(r.payment_intent).metadata.booking_id, r.amount]));
    expect(byBooking.get(early.id)).toBe(early.total_cost_cents);
    expect(byBooking.get(soon.id)).toBe(Math.floor(soon.total_cost_cents / 2));
    const rows = (await t.database.db.execute(sql`SELECT booking_id, status, refund_amount::text AS r FROM payments WHERE booking_id IN (${early.id}, ${soon.id})`)).rows;
    expect(rows).toEqual(
      expect.arrayContaining([
        { booking_id: early.id, status: 'refunded', r: (early.total_cost_cents / 100).toFixed(2) },
        { booking_id: soon.id, status: 'succeeded', r: (Math.floor(soon.total_cost_cents / 2) / 100).toFixed(2) },
      ]),
    );
    expect(await notes(ana)).toContain('Refund issued');
  });

  it('extends an unpaid booking and charges the new price; refuses to extend a paid one, whose extra time could not be paid', async () => {
    const booking = await bookLater(t.app, ana, lot.id, 80, 1);
    const extend = (hours: number) =>
      call('PUT', `/api/bookings/${booking.id}/extend`, ana, { end_time: new Date(Date.parse((booking as unknown as { end_time: string }).end_time) + hours * 3_600_000).toISOString() });
    const longer = await extend(1);
    expect(longer.status).toBe(200);
    expect(longer.body.total_cost_cents).toBeGreaterThan(booking.total_cost_cents);
    const intent = (await call('POST', '/api/payments/create-intent', ana, { booking_id: booking.id })).body.payment;
    expect(intent.amount_cents).toBe(longer.body.total_cost_cents);
    await call('POST', '/api/payments/confirm', ana, { payment_intent_id: intent.stripe_payment_intent_id, payment_method: 'pm_card_visa' });

    const refused = await extend(2);
    expect(refused).toMatchObject({ status: 409, body: { error: { code: 'paid_not_extendable' } } });
    const after = (await call('GET', `/api/bookings/${booking.id}`, ana)).body;
    expect(after).toMatchObject({ end_time: longer.body.end_time, total_cost_cents: longer.body.total_cost_cents, payment_status: 'paid' });
    // Cancelled (≥ 24 h ahead): all of what was paid comes back, no more.
    expect((await call('PUT', `/api/bookings/${booking.id}/cancel`, ana, {})).body.refund_amount_cents).toBe(intent.amount_cents);
    // The cancel started a refund run; let it finish here, not while the next test compares the tables.
    await t.refunds.run();
    const refunded = stripe.ledger.refunds.filter((r) => r.payment_intent === intent.stripe_payment_intent_id);
    expect(refunded.map((r) => r.amount)).toEqual([intent.amount_cents]);
  });

  it('answers a Stripe outage with 502 and writes nothing', async () => {
    const booking = await bookLater(t.app, ana, lot.id, 70, 1);
    const before = await tables();
    stripe.failNext(5);
    const res = await call('POST', '/api/payments/create-intent', ana, { booking_id: booking.id });
    stripe.failNext(0);
    expect(res).toMatchObject({ status: 502, body: { error: { code: 'payment_provider_error' } } });
    expect(await tables()).toBe(before);
    expect((await call('POST', '/api/payments/create-intent', bob, { booking_id: booking.id })).status).toBe(404);
    expect((await call('POST', '/api/payments/create-intent', null, { booking_id: booking.id })).status).toBe(401);
    expect((await call('POST', '/api/payments/confirm', ana, { payment_intent_id: 'not-an-id' })).status).toBe(400);
  });
});
