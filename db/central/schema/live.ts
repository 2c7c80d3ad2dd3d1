import { sql } from 'drizzle-orm';
import { bigserial, customType, index, integer, jsonb, pgTable, primaryKey, text, uuid, varchar } from 'drizzle-orm/pg-core';
import { ts } from './columns';
import { users } from './users';

/** A PostgreSQL xid8 (64-bit transaction id), as decimal text: it does not fit a JS number. */
const xid8 = customType<{ data: string; driverData: string }>({ dataType: () => 'xid8' });

/**
 * The live event log behind /api/live (server/live). Writers take no lock: each row records its writer's
 * transaction id, and readers take only rows whose transaction is below the oldest one still running
 * (pg_snapshot_xmin), in (xid, id) order, so nothing can later commit before a position already read.
 */
export const liveEvents = pgTable(
  'live_events',
  {
    id: bigserial({ mode: 'bigint' }).primaryKey(),
    topic: varchar({ length: 64 }).notNull(),
    kind: varchar({ length: 40 }).notNull(),
    payload: jsonb().notNull(),
    createdAt: ts().defaultNow().notNull(),
    xid: xid8().default(sql`pg_current_xact_id()`).notNull(),
  },
  (t) => [
    index('idx_live_events_xid_id').on(t.xid, t.id),
    index('idx_live_events_topic_xid_id').on(t.topic, t.xid, t.id),
    index('idx_live_events_created_at').on(t.createdAt),
  ],
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
    /** Being sent by an API process until then (no transaction is held while a mail server answers). */
    claimedUntil: ts(),
    attempts: integer().default(0).notNull(),
    lastError: text(),
  },
  (t) => [index('idx_mail_outbox_pending').on(t.id).where(sql`${t.sentAt} IS NULL`)],
);
