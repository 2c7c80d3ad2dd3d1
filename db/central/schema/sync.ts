import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, primaryKey, text, uuid, varchar } from 'drizzle-orm/pg-core';
import { money, ts } from './columns';
import { parkingSpots } from './lots';
import { users } from './users';

/**
 * Booths and their sync state (see ARCHITECTURE.md, "Sync"). Secrets (enrollment codes, device tokens) are kept
 * only as SHA-256 hex digests: both are ≥ 128 random bits, so a fast hash is enough.
 */
export const devices = pgTable(
  'devices',
  {
    id: uuid().primaryKey().defaultRandom(),
    ownerId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: varchar({ length: 100 }).notNull(),
    tokenHash: varchar({ length: 64 }).notNull().unique(),
    createdAt: ts().defaultNow().notNull(),
    lastSeenAt: ts(),
    revokedAt: ts(),
  },
  (t) => [index('idx_devices_owner').on(t.ownerId)],
);

export const deviceLots = pgTable(
  'device_lots',
  {
    deviceId: uuid()
      .notNull()
      .references(() => devices.id, { onDelete: 'cascade' }),
    lotId: uuid()
      .notNull()
      .references(() => parkingSpots.id, { onDelete: 'cascade' }),
    /** Walk-ins this booth may admit offline (its share of the lot's free bays), rewritten on each push/pull. */
    leaseWalkins: integer().default(0).notNull(),
    leaseGrantedAt: ts().defaultNow().notNull(),
  },
  (t) => [primaryKey({ columns: [t.deviceId, t.lotId] }), index('idx_device_lots_lot').on(t.lotId)],
);

export const enrollmentCodes = pgTable('enrollment_codes', {
  codeHash: varchar({ length: 64 }).primaryKey(),
  lotId: uuid()
    .notNull()
    .references(() => parkingSpots.id, { onDelete: 'cascade' }),
  createdBy: uuid()
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  expiresAt: ts().notNull(),
  usedAt: ts(),
  deviceId: uuid().references(() => devices.id, { onDelete: 'set null' }),
});

/** Every pushed command id, inserted in the transaction that applies it: its presence means "already done". */
export const appliedCommands = pgTable('applied_commands', {
  id: uuid().primaryKey(),
  deviceId: uuid()
    .notNull()
    .references(() => devices.id, { onDelete: 'cascade' }),
  lotId: uuid(),
  type: varchar({ length: 40 }).notNull(),
  status: varchar({ length: 10 }).notNull(),
  reason: text(),
  appliedAt: ts().defaultNow().notNull(),
});

/** The head of each lot's change feed. Bumping it row-locks it until commit, which orders the lot's feed. */
export const syncLotHeads = pgTable('sync_lot_heads', {
  lotId: uuid()
    .primaryKey()
    .references(() => parkingSpots.id, { onDelete: 'cascade' }),
  seq: bigint({ mode: 'number' }).default(0).notNull(),
  /** Entries up to here were pruned: a cursor below it gets a snapshot. */
  prunedThrough: bigint({ mode: 'number' }).default(0).notNull(),
});

export const syncFeed = pgTable(
  'sync_feed',
  {
    lotId: uuid()
      .notNull()
      .references(() => parkingSpots.id, { onDelete: 'cascade' }),
    seq: bigint({ mode: 'number' }).notNull(),
    entity: varchar({ length: 20 }).notNull(),
    data: jsonb().notNull(),
    createdAt: ts().defaultNow().notNull(),
  },
  (t) => [primaryKey({ columns: [t.lotId, t.seq] }), index('idx_sync_feed_created').on(t.createdAt)],
);

/** A booth's check-in that lost to an earlier one (or came after a cancel): kept until a manager resolves it. */
export const syncConflicts = pgTable(
  'sync_conflicts',
  {
    id: uuid().primaryKey().defaultRandom(),
    lotId: uuid()
      .notNull()
      .references(() => parkingSpots.id, { onDelete: 'cascade' }),
    bookingId: uuid().notNull(),
    kind: varchar({ length: 40 }).notNull(),
    detail: jsonb().notNull(),
    createdAt: ts().defaultNow().notNull(),
    resolvedAt: ts(),
    resolution: text(),
  },
  (t) => [index('idx_sync_conflicts_lot').on(t.lotId, t.resolvedAt)],
);

/** Which booth's command checked a booking in, so a second check-in can be named in the conflict. */
export const bookingCheckIns = pgTable('booking_check_ins', {
  bookingId: uuid().primaryKey(),
  deviceId: uuid().notNull(),
  commandId: uuid().notNull(),
  at: ts().notNull(),
});

/** Walk-ins made at booths: a car with no customer account, so not a `bookings` row (which needs a user). */
export const boothWalkins = pgTable(
  'booth_walkins',
  {
    id: uuid().primaryKey(),
    lotId: uuid()
      .notNull()
      .references(() => parkingSpots.id, { onDelete: 'cascade' }),
    deviceId: uuid().notNull(),
    bayNumber: integer(),
    vehicleNumber: varchar({ length: 20 }).notNull(),
    vehicleModel: varchar({ length: 100 }),
    remarks: text(),
    qrCode: varchar({ length: 255 }),
    status: varchar({ length: 10 }).notNull(),
    checkInTime: ts().notNull(),
    checkOutTime: ts(),
    parkingCost: money(),
    paymentStatus: varchar({ length: 10 }).default('pending').notNull(),
    overrideReason: text(),
    updatedAt: ts().defaultNow().notNull(),
  },
  (t) => [index('idx_booth_walkins_lot_status').on(t.lotId, t.status)],
);

/** Money taken at a booth on release (the booking may be a customer booking or a walk-in). */
export const boothPayments = pgTable(
  'booth_payments',
  {
    id: uuid().primaryKey(),
    bookingId: uuid().notNull(),
    lotId: uuid()
      .notNull()
      .references(() => parkingSpots.id, { onDelete: 'cascade' }),
    deviceId: uuid().notNull(),
    method: varchar({ length: 10 }).notNull(),
    amount: money().notNull(),
    reason: text(),
    createdAt: ts().notNull(),
  },
  (t) => [index('idx_booth_payments_lot').on(t.lotId, t.createdAt), check('booth_payments_amount_check', sql`${t.amount} >= 0`)],
);

/** Booth events with no effect on shared state (denials, shifts, sign-ins), kept for the owner's audit. */
export const boothEvents = pgTable(
  'booth_events',
  {
    id: uuid().primaryKey(),
    deviceId: uuid().notNull(),
    lotId: uuid(),
    kind: varchar({ length: 40 }).notNull(),
    detail: jsonb().notNull(),
    at: ts().notNull(),
  },
  (t) => [index('idx_booth_events_device').on(t.deviceId, t.at)],
);
