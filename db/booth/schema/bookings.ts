import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { bays, lots } from './lots';

/**
 * The right to park: seed 000 `bookings` (window, total cost, QR pass, PIN, payment status, check-in/out) plus
 * seed 001 `Reservation` (vehicle number/model, remarks, cost on release). Pre-booked rows come from the API or
 * from a signed pass the booth had not seen; walk-ins are created at the booth.
 */
export const bookings = sqliteTable(
  'bookings',
  {
    id: text('id').primaryKey(),
    lotId: text('lot_id')
      .notNull()
      .references(() => lots.id, { onDelete: 'cascade' }),
    // History survives a bay's removal: the number is kept on the booking, the link is cleared.
    bayId: text('bay_id').references(() => bays.id, { onDelete: 'set null' }),
    bayNumber: integer('bay_number'),
    source: text('source', { enum: ['prebooked', 'walkin'] }).notNull(),
    status: text('status', { enum: ['pending', 'active', 'completed', 'cancelled'] }).notNull().default('pending'),
    startTime: integer('start_time').notNull(),
    /** Null for a walk-in: open-ended until release. */
    endTime: integer('end_time'),
    vehicleNumber: text('vehicle_number').notNull(),
    /** normalizePlate(vehicle_number): what plate searches compare. */
    plateKey: text('plate_key').notNull(),
    vehicleModel: text('vehicle_model'),
    remarks: text('remarks'),
    pin: text('pin'),
    qrCode: text('qr_code'),
    userId: text('user_id'),
    vehicleId: text('vehicle_id'),
    totalCostCents: integer('total_cost_cents').notNull().default(0),
    paymentStatus: text('payment_status', { enum: ['pending', 'paid', 'failed', 'refunded'] })
      .notNull()
      .default('pending'),
    paymentIntentId: text('payment_intent_id'),
    /** Cost on release (seed 001 `parking_cost`): prepaid plus whatever was collected at the booth. */
    parkingCostCents: integer('parking_cost_cents'),
    checkInTime: integer('check_in_time'),
    checkOutTime: integer('check_out_time'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    // Partial indexes: a row enters an index only when some query can match it there. A catch-up brings in
    // thousands of pending bookings with no pass, bay or check-in yet, and each index they skip is a B-tree
    // insert saved per row. Every query below names the column with = or >= (which implies IS NOT NULL) or
    // repeats the index's condition, so SQLite still uses them (tests/booth/indexes.test.ts checks the plans).
    // No index on qr_code: the gate finds a booking by the id its signed pass carries, never by the pass text,
    // and a pass is unique by construction (it signs the booking id; the API also keeps it unique). The index
    // only cost a B-tree insert of a ~170-character key for every booking a catch-up brings in.
    // PIN lookups (gate, release): lot + PIN, then the window by its end. Walk-ins have no PIN.
    index('bookings_lot_pin_idx').on(t.lotId, t.pin, t.endTime).where(sql`pin IS NOT NULL`),
    // The gate tries live bookings first: a few thousand rows whose pages stay in memory, where a PIN lookup in
    // years of history lands on a cold page of a large index (the PIN decision's tail).
    index('bookings_lot_pin_live_idx').on(t.lotId, t.pin, t.endTime).where(sql`pin IS NOT NULL AND status IN ('pending', 'active')`),
    index('bookings_lot_plate_idx').on(t.lotId, t.plateKey, t.status),
    // "Reserved soon" on the floor: pending bookings holding a bay.
    index('bookings_lot_held_idx').on(t.lotId, t.status, t.startTime).where(sql`bay_id IS NOT NULL`),
    index('bookings_bay_held_idx').on(t.bayId, t.status, t.startTime).where(sql`bay_id IS NOT NULL`),
    // Pre-booked cars due now (floor/full.ts): the few pending bookings of a lot starting near now, not the year of
    // future bookings a lot can hold.
    index('bookings_lot_due_idx').on(t.lotId, t.startTime).where(sql`status = 'pending'`),
    // Arrivals since local midnight.
    index('bookings_lot_arrivals_idx').on(t.lotId, t.checkInTime).where(sql`check_in_time IS NOT NULL`),
    check('bookings_window_ck', sql`${t.endTime} IS NULL OR ${t.endTime} > ${t.startTime}`),
    check('bookings_money_ck', sql`${t.totalCostCents} >= 0 AND coalesce(${t.parkingCostCents}, 0) >= 0`),
    // "No half-changed booking": each status carries exactly the timestamps it implies.
    check(
      'bookings_status_ck',
      sql`(${t.status} = 'active' AND ${t.checkInTime} IS NOT NULL AND ${t.checkOutTime} IS NULL)
        OR (${t.status} = 'completed' AND ${t.checkOutTime} IS NOT NULL AND ${t.parkingCostCents} IS NOT NULL)
        OR (${t.status} IN ('pending', 'cancelled') AND ${t.checkOutTime} IS NULL)`,
    ),
  ],
);
