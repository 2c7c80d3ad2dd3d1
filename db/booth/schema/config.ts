import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Booth-wide key/value settings: booth id and name, the booth's own pass-signing key, API URL, ... */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/** Where the booth is in each lot's change feed from the API (used by sync). */
export const syncState = sqliteTable('sync_state', {
  lotId: text('lot_id').primaryKey(),
  cursor: integer('cursor').notNull().default(0),
  lastPulledAt: integer('last_pulled_at'),
  lastPushedAt: integer('last_pushed_at'),
});

/** Public keys whose passes the gate accepts: the server's (from enrollment) and this booth's own. */
export const trustedPassKeys = sqliteTable('trusted_pass_keys', {
  keyId: text('key_id').primaryKey(),
  publicKey: text('public_key').notNull(),
  issuer: text('issuer', { enum: ['server', 'booth', 'demo'] }).notNull(),
  addedAt: integer('added_at').notNull(),
  revokedAt: integer('revoked_at'),
});
