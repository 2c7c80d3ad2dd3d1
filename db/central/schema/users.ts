import { sql } from 'drizzle-orm';
import { boolean, index, inet, integer, pgTable, text, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { theme, userType } from './enums';

import { ts } from './columns';

export const users = pgTable(
  'users',
  {
    id: uuid().primaryKey().defaultRandom(),
    email: varchar({ length: 255 }).notNull().unique(),
    passwordHash: varchar({ length: 255 }).notNull(),
    name: varchar({ length: 255 }).notNull(),
    phone: varchar({ length: 20 }),
    userType: userType().notNull(),
    emailVerified: boolean().default(false).notNull(),
    profileImageUrl: text(),
    createdAt: ts().defaultNow().notNull(),
    updatedAt: ts().defaultNow().notNull(),
    lastLogin: ts(),
    isActive: boolean().default(true).notNull(),
  },
  // The seed's idx_users_email was dropped (0007): the unique constraint on email is the same index, and each
  // copy costs every write.
  (t) => [index('idx_users_user_type').on(t.userType)],
);

export const vehicles = pgTable(
  'vehicles',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    make: varchar({ length: 100 }).notNull(),
    model: varchar({ length: 100 }).notNull(),
    /** Stored normalised (normalizePlate) so "ab-12 cd" and "AB12CD" are one plate. */
    licensePlate: varchar({ length: 20 }).notNull(),
    color: varchar({ length: 50 }),
    year: integer(),
    isDefault: boolean().default(false).notNull(),
    createdAt: ts().defaultNow().notNull(),
    updatedAt: ts().defaultNow().notNull(),
  },
  (t) => [
    index('idx_vehicles_user_id').on(t.userId),
    index('idx_vehicles_license_plate').on(t.licensePlate),
    uniqueIndex('uq_vehicles_user_plate').on(t.userId, t.licensePlate),
    // At most one default vehicle per user, enforced by the database too.
    uniqueIndex('uq_vehicles_user_default').on(t.userId).where(sql`${t.isDefault}`),
  ],
);

export const userSettings = pgTable('user_settings', {
  userId: uuid()
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  theme: theme().default('light').notNull(),
  language: varchar({ length: 5 }).default('en').notNull(),
  bookingReminders: boolean().default(true).notNull(),
  emailNotifications: boolean().default(true).notNull(),
  pushNotifications: boolean().default(true).notNull(),
  promotions: boolean().default(false).notNull(),
  systemUpdates: boolean().default(true).notNull(),
  createdAt: ts().defaultNow().notNull(),
  updatedAt: ts().defaultNow().notNull(),
});

/**
 * One row per refresh token ever issued. `refresh_token` holds the SHA-256 of the token, never the token.
 * Tokens of one sign-in share a `family_id`; a rotated token (`rotated_at` set) presented again means it was
 * stolen, and the whole family is revoked.
 */
export const sessions = pgTable(
  'sessions',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    refreshToken: varchar({ length: 255 }).notNull().unique(),
    familyId: uuid().notNull(),
    expiresAt: ts().notNull(),
    createdAt: ts().defaultNow().notNull(),
    lastUsed: ts().defaultNow().notNull(),
    rotatedAt: ts(),
    revokedAt: ts(),
    ipAddress: inet(),
    userAgent: text(),
  },
  (t) => [
    index('idx_sessions_user_id').on(t.userId),
    // idx_sessions_refresh_token dropped (0007): the unique constraint on refresh_token is that index.
    index('idx_sessions_expires_at').on(t.expiresAt),
    index('idx_sessions_family_id').on(t.familyId),
  ],
);

/** Single-use password reset tokens, stored as SHA-256. */
export const passwordResets = pgTable(
  'password_resets',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: varchar({ length: 64 }).notNull().unique(),
    expiresAt: ts().notNull(),
    usedAt: ts(),
    createdAt: ts().defaultNow().notNull(),
  },
  (t) => [index('idx_password_resets_user_id').on(t.userId)],
);
