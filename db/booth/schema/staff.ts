import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { bookings } from './bookings';
import { lots } from './lots';

/** Attendants and managers who sign in at this booth. The PIN is only ever stored as a salted scrypt hash. */
export const staff = sqliteTable('staff', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  role: text('role', { enum: ['attendant', 'manager'] }).notNull(),
  /** `scrypt$N$r$p$salt$hash` (base64url), see src/main/booth/staff/pin-hash.ts. */
  pinHash: text('pin_hash').notNull(),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  createdAt: integer('created_at').notNull(),
});

/** A staff member's time at the booth: opens with a cash float at sign-in, closes with a count at sign-out. */
export const shifts = sqliteTable(
  'shifts',
  {
    id: text('id').primaryKey(),
    staffId: text('staff_id')
      .notNull()
      .references(() => staff.id),
    boothId: text('booth_id').notNull(),
    openedAt: integer('opened_at').notNull(),
    closedAt: integer('closed_at'),
    floatCents: integer('float_cents').notNull().default(0),
    entries: integer('entries').notNull().default(0),
    exits: integer('exits').notNull().default(0),
    countedCashCents: integer('counted_cash_cents'),
    cashDifferenceCents: integer('cash_difference_cents'),
  },
  (t) => [
    index('shifts_staff_open_idx').on(t.staffId, t.closedAt),
    check('shifts_money_ck', sql`${t.floatCents} >= 0 AND coalesce(${t.countedCashCents}, 0) >= 0`),
  ],
);

/** Money taken at the booth when a car is released (cash, card at booth, prepaid, or nil with a reason). */
export const boothPayments = sqliteTable(
  'booth_payments',
  {
    id: text('id').primaryKey(),
    bookingId: text('booking_id')
      .notNull()
      .references(() => bookings.id),
    lotId: text('lot_id')
      .notNull()
      .references(() => lots.id, { onDelete: 'cascade' }),
    shiftId: text('shift_id').references(() => shifts.id),
    staffId: text('staff_id'),
    method: text('method', { enum: ['cash', 'card', 'prepaid', 'nil'] }).notNull(),
    amountCents: integer('amount_cents').notNull(),
    tenderedCents: integer('tendered_cents'),
    changeCents: integer('change_cents').notNull().default(0),
    reason: text('reason'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    index('booth_payments_shift_idx').on(t.shiftId),
    index('booth_payments_lot_time_idx').on(t.lotId, t.createdAt),
    index('booth_payments_booking_idx').on(t.bookingId),
    check('booth_payments_money_ck', sql`${t.amountCents} >= 0 AND ${t.changeCents} >= 0`),
    check('booth_payments_nil_ck', sql`${t.method} <> 'nil' OR (${t.amountCents} = 0 AND ${t.reason} IS NOT NULL)`),
  ],
);
