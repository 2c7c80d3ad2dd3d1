import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Append-only record of every decision, release, override, sign-in and block: actor, booth, time, and a JSON
 * detail. Triggers in migration 0001 make UPDATE and DELETE fail, so history cannot be rewritten by the app.
 */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at').notNull(),
    kind: text('kind').notNull(),
    actorId: text('actor_id'),
    boothId: text('booth_id').notNull(),
    lotId: text('lot_id'),
    bookingId: text('booking_id'),
    /** The outbox command written in the same transaction (null for purely local events). */
    outboxId: text('outbox_id'),
    detail: text('detail').notNull().default('{}'),
  },
  (t) => [
    index('audit_lot_kind_idx').on(t.lotId, t.kind, t.id),
    index('audit_lot_idx').on(t.lotId, t.id),
    index('audit_kind_idx').on(t.kind, t.id),
    index('audit_outbox_idx').on(t.outboxId),
  ],
);

/**
 * Commands waiting to be pushed to the API, written in the same transaction as the change they describe. The id
 * is a UUIDv7 made here, so a retried push is recognised as a duplicate by the server.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: text('id').primaryKey(),
    type: text('type').notNull(),
    lotId: text('lot_id'),
    payload: text('payload').notNull(),
    createdAt: integer('created_at').notNull(),
    status: text('status', { enum: ['pending', 'applied', 'duplicate', 'rejected', 'conflict'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    sentAt: integer('sent_at'),
    lastError: text('last_error'),
  },
  (t) => [index('outbox_status_idx').on(t.status, t.id)],
);

/** Failed and successful PIN entries per booth and scope ("gate", or "staff:<id>" for sign-in). */
export const pinAttempts = sqliteTable(
  'pin_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    boothId: text('booth_id').notNull(),
    scope: text('scope').notNull(),
    at: integer('at').notNull(),
    ok: integer('ok', { mode: 'boolean' }).notNull(),
  },
  // With ok in the key, both "last success" and "failures since" are index seeks, however long the history grows.
  (t) => [index('pin_attempts_scope_ok_idx').on(t.boothId, t.scope, t.ok, t.id)],
);
