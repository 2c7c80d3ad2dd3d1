import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * A lot this booth serves (seed 000 `parking_spots` ≈ seed 001 `ParkingLot`), with its tariff flattened into
 * columns so the fee function gets integers straight from a row. Times are epoch ms (UTC); money is cents.
 */
export const lots = sqliteTable(
  'lots',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    address: text('address'),
    /** IANA zone (e.g. "Europe/London") for display and "today"; storage stays UTC. */
    timeZone: text('time_zone').notNull(),
    totalBays: integer('total_bays').notNull(),
    priceCents: integer('price_cents').notNull(),
    priceType: text('price_type', { enum: ['hour', 'day', 'month'] }).notNull(),
    incrementMinutes: integer('increment_minutes').notNull().default(15),
    graceMinutes: integer('grace_minutes').notNull().default(0),
    dailyCapCents: integer('daily_cap_cents'),
    /** A pre-booked driver may enter this long before the booked start. */
    entryGraceMinutes: integer('entry_grace_minutes').notNull().default(15),
    /** Leaving within this long after the booked end costs nothing extra. */
    exitGraceMinutes: integer('exit_grace_minutes').notNull().default(15),
    /** A booking not checked in by start + this is a no-show (0 = never). */
    noShowMinutes: integer('no_show_minutes').notNull().default(120),
    /** Added at release when the driver lost the pass. */
    lostPassFeeCents: integer('lost_pass_fee_cents').notNull().default(0),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    check('lots_money_ck', sql`${t.priceCents} >= 0 AND ${t.lostPassFeeCents} >= 0 AND coalesce(${t.dailyCapCents}, 0) >= 0`),
    check('lots_bays_ck', sql`${t.totalBays} >= 0`),
  ],
);

/** One numbered space in a lot (seed 001 `ParkingSpot`); numbers are 1..total_bays, unique per lot. */
export const bays = sqliteTable(
  'bays',
  {
    id: text('id').primaryKey(),
    lotId: text('lot_id')
      .notNull()
      .references(() => lots.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    /** Stored, not derived, so the gate and the floor read one row; "reserved soon" is derived from bookings. */
    status: text('status', { enum: ['available', 'occupied', 'blocked'] }).notNull().default('available'),
    /** The booking parked here while occupied. */
    bookingId: text('booking_id'),
    blockedReason: text('blocked_reason'),
    changedAt: integer('changed_at').notNull(),
  },
  (t) => [
    uniqueIndex('bays_lot_number_uq').on(t.lotId, t.number),
    // The nearest free bay: lowest number among the available ones, without walking past occupied bays.
    index('bays_lot_status_number_idx').on(t.lotId, t.status, t.number),
    check('bays_occupied_ck', sql`(${t.status} = 'occupied') = (${t.bookingId} IS NOT NULL)`),
    check('bays_blocked_ck', sql`(${t.status} = 'blocked') = (${t.blockedReason} IS NOT NULL)`),
  ],
);
