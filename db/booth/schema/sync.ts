import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Sync conflicts as the API reported them (two booths admitted one booking, a check-in after a cancel, ...),
 * kept until a manager resolves them here; the resolution travels back to the API through the outbox.
 */
export const syncConflicts = sqliteTable(
  'sync_conflicts',
  {
    id: text('id').primaryKey(),
    lotId: text('lot_id').notNull(),
    bookingId: text('booking_id').notNull(),
    kind: text('kind').notNull(),
    detail: text('detail').notNull().default('{}'),
    createdAt: integer('created_at').notNull(),
    resolvedAt: integer('resolved_at'),
    resolution: text('resolution'),
  },
  (t) => [index('sync_conflicts_open_idx').on(t.lotId, t.resolvedAt)],
);

/** This booth's offline walk-in allowance per lot, as last granted by the API. */
export const syncLeases = sqliteTable('sync_leases', {
  lotId: text('lot_id').primaryKey(),
  walkins: integer('walkins').notNull(),
  grantedAt: integer('granted_at').notNull(),
});
