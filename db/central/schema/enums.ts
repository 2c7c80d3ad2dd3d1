// Closed sets stored as PostgreSQL enums, as the seed's ENUM columns are.
import { pgEnum } from 'drizzle-orm/pg-core';

/** The seed's customer | owner, plus admin (seed 001), who manages every lot. */
export const userType = pgEnum('user_type', ['customer', 'owner', 'admin']);
export const priceType = pgEnum('price_type', ['hour', 'day', 'month']);
export const bookingStatus = pgEnum('booking_status', ['pending', 'active', 'completed', 'cancelled']);
export const bookingPaymentStatus = pgEnum('booking_payment_status', ['pending', 'paid', 'failed', 'refunded']);
export const paymentStatus = pgEnum('payment_status', ['pending', 'succeeded', 'failed', 'cancelled', 'refunded']);
export const blockType = pgEnum('block_type', ['maintenance', 'blocked', 'reserved']);
export const notificationType = pgEnum('notification_type', ['booking', 'payment', 'system', 'promotion']);
export const theme = pgEnum('theme', ['light', 'dark', 'system']);
/** Seed 001's A|O, spelled out. Blocking is a separate flag so a blocked bay keeps its occupancy. */
export const bayStatus = pgEnum('bay_status', ['available', 'occupied']);
