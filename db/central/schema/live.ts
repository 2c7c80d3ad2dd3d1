import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgTable, primaryKey, text, uuid, varchar } from 'drizzle-orm/pg-core';
import { ts } from './columns';
import { users } from './users';

/**
 * The live event log behind /api/live (server/live). Ids are handed out in commit order (an advisory lock
 * is held by each writer until it commits), so a client resuming "after id N" can never miss a smaller id.
 */
export const liveEvents = pgTable(
  'live_events',
  {
    id: bigserial({ mode: 'bigint' }).primaryKey(),
    topic: varchar({ length: 64 }).notNull(),
    kind: varchar({ length: 40 }).notNull(),
    payload: jsonb().notNull(),
    createdAt: ts().defaultNow().notNull(),
  },
  (t) => [index('idx_live_events_topic_id').on(t.topic, t.id), index('idx_live_events_created_at').on(t.createdAt)],
);

/** One row per notification ever written under a key: the same event (a retried webhook, a reminder run) notifies once. */
export const notificationDedupe = pgTable(
  'notification_dedupe',
  {
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    dedupeKey: varchar({ length: 120 }).notNull(),
    createdAt: ts().defaultNow().notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.dedupeKey] })],
);

/** Stripe webhook event ids already applied (recorded in the same transaction as their effect). */
export const paymentWebhookEvents = pgTable('payment_webhook_events', {
  eventId: varchar({ length: 255 }).primaryKey(),
  type: varchar({ length: 100 }).notNull(),
  receivedAt: ts().defaultNow().notNull(),
});

/** E-mail written with the change that caused it, sent after commit by any API process (server/notifications/outbox.ts). */
export const mailOutbox = pgTable(
  'mail_outbox',
  {
    id: bigserial({ mode: 'bigint' }).primaryKey(),
    toAddress: varchar({ length: 255 }).notNull(),
    subject: varchar({ length: 255 }).notNull(),
    body: text().notNull(),
    createdAt: ts().defaultNow().notNull(),
    sentAt: ts(),
    attempts: integer().default(0).notNull(),
    lastError: text(),
  },
  (t) => [index('idx_mail_outbox_pending').on(t.id).where(sql`${t.sentAt} IS NULL`)],
);
