/**
 * Online payment rules. Stripe is called outside any database transaction (no lock is held during a network
 * call); what Stripe says is then applied in one transaction under the booking's row lock. Applying the same
 * Stripe state twice changes nothing, so a confirm racing its own webhook is harmless.
 */
import type Stripe from 'stripe';
import type { Payment } from '../../src/shared/api/payments';
import type { Actor } from '../auth/tokens';
import { findBooking, type BookingRow } from '../bookings/repository';
import type { Executor } from '../db';
import { centsToDecimal, decimalToCents } from '../db/money';
import { ApiError, conflict, notFound } from '../errors';
import type { LiveHub } from '../live/hub';
import { userTopic } from '../live/policy';
import type { Notifier } from '../notifications/notifier';
import type { BookingFacts } from '../notifications/messages';
import { findLot } from '../spots/repository';
import * as repo from './repository';

export interface PaymentDeps {
  stripe: Stripe | null;
  currency: string;
  notifier: Notifier;
  hub?: LiveHub | null;
}

export function toPayment(row: repo.PaymentRow): Payment {
  return {
    id: row.id,
    booking_id: row.bookingId,
    stripe_payment_intent_id: row.stripePaymentIntentId,
    amount_cents: decimalToCents(row.amount),
    currency: row.currency,
    status: row.status,
    payment_method: row.paymentMethod,
    failure_reason: row.failureReason,
    refund_amount_cents: decimalToCents(row.refundAmount),
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

function stripeOf(deps: PaymentDeps): Stripe {
  if (!deps.stripe) throw new ApiError(409, 'pay_at_booth', 'online payment is not set up here; pay at the booth');
  return deps.stripe;
}

/** Stripe's own failures become 502 (card declines 402), never 500: the API did nothing wrong. */
export function providerError(err: unknown): ApiError {
  const e = err as { type?: string; code?: string; message?: string; statusCode?: number };
  if (e.type === 'StripeCardError') return new ApiError(402, e.code ?? 'card_declined', e.message ?? 'the card was declined');
  return new ApiError(502, 'payment_provider_error', 'the payment provider did not accept the request; try again');
}

async function ownBooking(db: Executor, actor: Actor, id: string): Promise<BookingRow> {
  const booking = await findBooking(db, id);
  if (!booking || booking.userId !== actor.id) throw notFound('booking');
  return booking;
}

export async function createIntent(db: Executor, deps: PaymentDeps, actor: Actor, bookingId: string): Promise<{ payment: Payment; client_secret: string }> {
  const stripe = stripeOf(deps);
  const booking = await ownBooking(db, actor, bookingId);
  if (booking.status === 'cancelled' || booking.status === 'completed') throw conflict(`a ${booking.status} booking cannot be paid online`, 'not_payable');
  if (booking.paymentStatus === 'paid' || booking.paymentStatus === 'refunded') throw conflict('this booking is already paid', 'already_paid');
  const amount = decimalToCents(booking.totalCost);
  if (amount < 50) throw conflict('amounts under 0.50 are paid at the booth', 'amount_too_small');
  const open = await repo.openPaymentFor(db, booking.id);
  if (open && decimalToCents(open.amount) === amount && open.status === 'pending') {
    const intent = await stripe.paymentIntents.retrieve(open.stripePaymentIntentId!).catch((err: unknown) => Promise.reject(providerError(err)));
    return { payment: toPayment(open), client_secret: intent.client_secret ?? '' };
  }
  // The key makes a retried or concurrent request get the same intent, not a second charge.
  const intent = await stripe.paymentIntents
    .create(
      { amount, currency: deps.currency, metadata: { booking_id: booking.id, user_id: actor.id } },
      { idempotencyKey: `parkpass:intent:${booking.id}:${amount}:${open?.id ?? 'first'}` },
    )
    .catch((err: unknown) => Promise.reject(providerError(err)));
  const payment = await db.transaction(async (tx) => {
    await findBooking(tx, booking.id, true);
    const existing = await repo.findByIntent(tx, intent.id, true);
    if (existing) return existing;
    const row = await repo.insertPayment(tx, {
      bookingId: booking.id,
      stripePaymentIntentId: intent.id,
      amount: centsToDecimal(amount),
      currency: deps.currency.toUpperCase(),
      status: 'pending',
      paymentMethod: 'card',
    });
    await repo.setBookingPayment(tx, booking.id, { paymentIntentId: intent.id });
    return row;
  });
  return { payment: toPayment(payment), client_secret: intent.client_secret ?? '' };
}

export async function confirmPayment(db: Executor, deps: PaymentDeps, actor: Actor, intentId: string, paymentMethod?: string) {
  const stripe = stripeOf(deps);
  const payment = await repo.findByIntent(db, intentId);
  if (!payment) throw notFound('payment');
  await ownBooking(db, actor, payment.bookingId);
  let intent: Stripe.PaymentIntent;
  let declined: ApiError | null = null;
  try {
    intent = paymentMethod
      ? await stripe.paymentIntents.confirm(intentId, { payment_method: paymentMethod }, { idempotencyKey: `parkpass:confirm:${intentId}:${paymentMethod}:${payment.updatedAt.getTime()}` })
      : await stripe.paymentIntents.retrieve(intentId);
  } catch (err) {
    declined = providerError(err);
    const carried = (err as { raw?: { payment_intent?: Stripe.PaymentIntent } }).raw?.payment_intent;
    if (declined.statusCode !== 402 || !carried) throw declined;
    intent = carried;
  }
  const applied = await db.transaction((tx) => applyIntent(tx, deps, intent, `confirm:${payment.updatedAt.getTime()}`));
  await deps.notifier.drain();
  if (declined) throw declined;
  return { payment: toPayment(applied!.payment), booking_payment_status: applied!.booking.paymentStatus };
}

async function factsOf(tx: Executor, b: BookingRow): Promise<BookingFacts> {
  const lot = await findLot(tx, b.spotId);
  return { id: b.id, lot_name: lot?.name ?? 'your lot', time_zone: lot?.timeZone ?? 'UTC', start_time: b.startTime, end_time: b.endTime };
}

/** Brings our rows in line with a Stripe PaymentIntent. Null when the intent is not one of ours. */
export async function applyIntent(tx: Executor, deps: PaymentDeps, intent: Stripe.PaymentIntent, ref: string) {
  const first = await repo.findByIntent(tx, intent.id);
  if (!first) return null;
  let booking = (await findBooking(tx, first.bookingId, true))!;
  let payment = (await repo.findByIntent(tx, intent.id, true))!;
  if (intent.status === 'succeeded' && payment.status !== 'succeeded' && payment.status !== 'refunded') {
    payment = await repo.updatePayment(tx, payment.id, {
      status: 'succeeded',
      transactionId: typeof intent.latest_charge === 'string' ? intent.latest_charge : (intent.latest_charge?.id ?? null),
      failureReason: null,
    });
    const amount = decimalToCents(payment.amount);
    // Paid after it was cancelled (a slow card): all of it is owed back, which the refund run then pays.
    booking = await repo.setBookingPayment(
      tx,
      booking.id,
      booking.status === 'cancelled' ? { paymentStatus: 'refunded', refundAmount: payment.amount } : { paymentStatus: 'paid' },
    );
    await deps.notifier.write(tx, booking.userId, { kind: 'payment_received', booking: await factsOf(tx, booking), amount_cents: amount });
  } else if (intent.status === 'requires_payment_method' && intent.last_payment_error && payment.status === 'pending') {
    const reason = intent.last_payment_error.message ?? 'the payment was declined';
    payment = await repo.updatePayment(tx, payment.id, { status: 'failed', failureReason: reason });
    if (booking.paymentStatus === 'pending') booking = await repo.setBookingPayment(tx, booking.id, { paymentStatus: 'failed' });
    await deps.notifier.write(tx, booking.userId, { kind: 'payment_failed', booking: await factsOf(tx, booking), reason, ref });
  } else if (intent.status === 'canceled' && payment.status === 'pending') {
    payment = await repo.updatePayment(tx, payment.id, { status: 'cancelled' });
  } else {
    return { payment, booking };
  }
  await deps.hub?.publish(userTopic(booking.userId), 'payment', { booking_id: booking.id, payment_status: booking.paymentStatus, payment: toPayment(payment) }, tx);
  return { payment, booking };
}

/** Records a refund Stripe reports (absolute total refunded on the charge, so replays change nothing). */
export async function applyRefunded(tx: Executor, deps: PaymentDeps, intentId: string, refundedCents: number, ref: string) {
  const first = await repo.findByIntent(tx, intentId);
  if (!first) return null;
  const booking = (await findBooking(tx, first.bookingId, true))!;
  const payment = (await repo.findByIntent(tx, intentId, true))!;
  const before = decimalToCents(payment.refundAmount);
  if (refundedCents <= before) return payment;
  const full = refundedCents >= decimalToCents(payment.amount);
  const updated = await repo.updatePayment(tx, payment.id, { refundAmount: centsToDecimal(refundedCents), ...(full && { status: 'refunded' as const }) });
  if (booking.paymentStatus !== 'refunded') await repo.setBookingPayment(tx, booking.id, { paymentStatus: 'refunded' });
  await deps.notifier.write(tx, booking.userId, { kind: 'refund_issued', booking: await factsOf(tx, booking), amount_cents: refundedCents - before, ref });
  await deps.hub?.publish(userTopic(booking.userId), 'payment', { booking_id: booking.id, payment_status: 'refunded', payment: toPayment(updated) }, tx);
  return updated;
}
