import { and, desc, eq, sql } from 'drizzle-orm';
import { bookings, payments } from '../../db/central/schema';
import type { Executor } from '../db';
import { decimalToCents } from '../db/money';
import { bookingChanged } from '../sync/feed';

export type PaymentRow = typeof payments.$inferSelect;

export async function findByIntent(db: Executor, intentId: string, lock = false): Promise<PaymentRow | null> {
  const q = db.select().from(payments).where(eq(payments.stripePaymentIntentId, intentId)).orderBy(desc(payments.createdAt)).limit(1);
  const [row] = lock ? await q.for('update') : await q;
  return row ?? null;
}

/** The booking's open online payment (pending, or failed and retryable), newest first. */
export async function openPaymentFor(db: Executor, bookingId: string): Promise<PaymentRow | null> {
  const [row] = await db
    .select()
    .from(payments)
    .where(and(eq(payments.bookingId, bookingId), sql`${payments.status} IN ('pending', 'failed')`, sql`${payments.stripePaymentIntentId} IS NOT NULL`))
    .orderBy(desc(payments.createdAt))
    .limit(1);
  return row ?? null;
}

export async function insertPayment(tx: Executor, row: typeof payments.$inferInsert): Promise<PaymentRow> {
  const [created] = await tx.insert(payments).values(row).returning();
  return created!;
}

export async function updatePayment(tx: Executor, id: string, patch: Partial<typeof payments.$inferInsert>): Promise<PaymentRow> {
  const [row] = await tx.update(payments).set({ ...patch, updatedAt: sql`now()` }).where(eq(payments.id, id)).returning();
  return row!;
}

export async function setBookingPayment(tx: Executor, bookingId: string, patch: Partial<typeof bookings.$inferInsert>) {
  const [row] = await tx.update(bookings).set({ ...patch, updatedAt: sql`now()` }).where(eq(bookings.id, bookingId)).returning();
  // Booths price a release from the payment status: they hear of the change through the lot's sync feed.
  await bookingChanged(tx, row!);
  return row!;
}

/** Records a webhook event id; false when it was seen before (the event is then ignored). */
export async function claimWebhookEvent(tx: Executor, eventId: string, type: string): Promise<boolean> {
  const r = await tx.execute(sql`INSERT INTO payment_webhook_events (event_id, type) VALUES (${eventId}, ${type}) ON CONFLICT DO NOTHING RETURNING 1 AS claimed`);
  return r.rows.length > 0;
}

export interface RefundDue {
  bookingId: string;
  paymentId: string;
  intentId: string;
  owed: string;
  refunded: string;
}

/** Cancelled bookings whose refund (decided at cancel) is more than what was refunded on Stripe so far. */
export async function refundsDue(db: Executor, limit = 20): Promise<RefundDue[]> {
  const r = await db.execute(sql`
    SELECT b.id AS "bookingId", p.id AS "paymentId", p.stripe_payment_intent_id AS "intentId",
           b.refund_amount::text AS "owed", p.refund_amount::text AS "refunded"
    FROM bookings b JOIN payments p ON p.booking_id = b.id
    WHERE b.status = 'cancelled' AND p.status = 'succeeded' AND p.stripe_payment_intent_id IS NOT NULL
      AND b.refund_amount IS NOT NULL AND b.refund_amount > p.refund_amount
    ORDER BY b.cancelled_at NULLS FIRST
    LIMIT ${limit}`);
  return r.rows as unknown as RefundDue[];
}

/** What a booking's customer has actually paid online: its succeeded payments, less what was refunded of them. */
export async function paidOnlineCents(db: Executor, bookingId: string): Promise<number> {
  const [row] = await db
    .select({ paid: sql<string>`coalesce(sum(${payments.amount} - coalesce(${payments.refundAmount}, 0)), 0)::text` })
    .from(payments)
    .where(and(eq(payments.bookingId, bookingId), sql`${payments.status} IN ('succeeded', 'refunded')`));
  return decimalToCents(row?.paid ?? '0');
}
