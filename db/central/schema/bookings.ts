import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, unique, uuid, varchar } from 'drizzle-orm/pg-core';
import { money, ts } from './columns';
import { bookingPaymentStatus, bookingStatus, notificationType, paymentStatus } from './enums';
import { bays, parkingSpots } from './lots';
import { users, vehicles } from './users';

/** A booking: the seed's columns plus seed 001's vehicle number/model, remarks and cost on release. */
export const bookings = pgTable(
  'bookings',
  {
    id: uuid().primaryKey().defaultRandom(),
    spotId: uuid()
      .notNull()
      .references(() => parkingSpots.id),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    vehicleId: uuid()
      .notNull()
      .references(() => vehicles.id),
    /** The bay taken at check-in; null before. */
    bayId: uuid().references(() => bays.id, { onDelete: 'set null' }),
    startTime: ts().notNull(),
    endTime: ts().notNull(),
    totalCost: money().notNull(),
    status: bookingStatus().default('pending').notNull(),
    qrCode: varchar({ length: 255 }).notNull().unique(),
    pin: varchar({ length: 4 }).notNull(),
    paymentIntentId: varchar({ length: 255 }),
    paymentStatus: bookingPaymentStatus().default('pending').notNull(),
    checkInTime: ts(),
    checkOutTime: ts(),
    vehicleNumber: varchar({ length: 20 }),
    vehicleModel: varchar({ length: 201 }),
    remarks: text(),
    /** What the stay cost at release: the booked price plus any overstay. */
    parkingCost: money(),
    refundAmount: money(),
    cancelledAt: ts(),
    createdAt: ts().defaultNow().notNull(),
    updatedAt: ts().defaultNow().notNull(),
  },
  (t) => [
    index('idx_bookings_spot_id').on(t.spotId),
    index('idx_bookings_user_id').on(t.userId),
    index('idx_bookings_status').on(t.status),
    index('idx_bookings_time_range').on(t.startTime, t.endTime),
    // idx_bookings_qr_code dropped (0007): the unique constraint on qr_code is that index.
    index('idx_bookings_pin').on(t.pin),
    index('idx_bookings_spot_window').on(t.spotId, t.startTime, t.endTime),
    // A booking decision reads the lot's bookings overlapping a window near now: through spot_window it read
    // every booking of the lot that started before the window's end, its whole history. Bookings that end
    // after the window's start are the few current and future ones. start_time is in it too, so that the
    // planner (a generic plan, blind to the values) prefers it to spot_window for the same conditions.
    index('idx_bookings_spot_end')
      .on(t.spotId, t.endTime, t.startTime)
      .where(sql`${t.status} <> 'cancelled'`),
    // Every new booking asks whether its car is already booked then; without this, that question read every
    // live booking of every lot (through idx_bookings_status), a cost growing with the whole table.
    index('idx_bookings_vehicle_live')
      .on(t.vehicleId, t.endTime)
      .where(sql`${t.status} IN ('pending', 'active')`),
    // Cars inside past their booked end still hold a bay (server/spots/overstays.ts): found among the few inside.
    index('idx_bookings_spot_active')
      .on(t.spotId, t.endTime)
      .where(sql`${t.status} = 'active'`),
    check('valid_booking_time', sql`${t.endTime} > ${t.startTime}`),
    check('bookings_pin_check', sql`${t.pin} ~ '^[0-9]{4}$'`),
  ],
);

export const reviews = pgTable(
  'reviews',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    spotId: uuid()
      .notNull()
      .references(() => parkingSpots.id),
    bookingId: uuid().references(() => bookings.id),
    rating: integer().notNull(),
    comment: text(),
    isAnonymous: boolean().default(false).notNull(),
    createdAt: ts().defaultNow().notNull(),
    updatedAt: ts().defaultNow().notNull(),
  },
  (t) => [
    unique('reviews_user_booking_unique').on(t.userId, t.bookingId),
    index('idx_reviews_spot_id').on(t.spotId),
    index('idx_reviews_user_id').on(t.userId),
    index('idx_reviews_rating').on(t.rating),
    check('reviews_rating_check', sql`${t.rating} >= 1 AND ${t.rating} <= 5`),
  ],
);

export const reviewImages = pgTable(
  'review_images',
  {
    id: uuid().primaryKey().defaultRandom(),
    reviewId: uuid()
      .notNull()
      .references(() => reviews.id, { onDelete: 'cascade' }),
    imageUrl: text().notNull(),
    createdAt: ts().defaultNow().notNull(),
  },
  (t) => [index('idx_review_images_review_id').on(t.reviewId)],
);

export const payments = pgTable(
  'payments',
  {
    id: uuid().primaryKey().defaultRandom(),
    bookingId: uuid()
      .notNull()
      .references(() => bookings.id),
    stripePaymentIntentId: varchar({ length: 255 }),
    amount: money().notNull(),
    currency: varchar({ length: 3 }).default('USD').notNull(),
    status: paymentStatus().default('pending').notNull(),
    paymentMethod: varchar({ length: 50 }),
    transactionId: varchar({ length: 255 }),
    failureReason: text(),
    refundAmount: money().default('0').notNull(),
    createdAt: ts().defaultNow().notNull(),
    updatedAt: ts().defaultNow().notNull(),
  },
  (t) => [
    index('idx_payments_booking_id').on(t.bookingId),
    index('idx_payments_status').on(t.status),
    index('idx_payments_stripe_id').on(t.stripePaymentIntentId),
  ],
);

export const notifications = pgTable(
  'notifications',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    title: varchar({ length: 255 }).notNull(),
    message: text().notNull(),
    type: notificationType().notNull(),
    isRead: boolean().default(false).notNull(),
    actionUrl: text(),
    createdAt: ts().defaultNow().notNull(),
  },
  (t) => [index('idx_notifications_user_id').on(t.userId), index('idx_notifications_unread').on(t.userId, t.isRead)],
);
