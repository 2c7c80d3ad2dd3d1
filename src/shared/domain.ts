// Words and closed sets shared by the booth, the API and the renderer (see the glossary in ARCHITECTURE.md).
import { z } from 'zod';

/** Money is always an integer number of minor units (cents). */
export const Cents = z.number().int().nonnegative();
export type Cents = z.infer<typeof Cents>;

export const PriceType = z.enum(['hour', 'day', 'month']);
export type PriceType = z.infer<typeof PriceType>;

export const BookingStatus = z.enum(['pending', 'active', 'completed', 'cancelled']);
export type BookingStatus = z.infer<typeof BookingStatus>;

export const PaymentStatus = z.enum(['pending', 'paid', 'failed', 'refunded']);
export type PaymentStatus = z.infer<typeof PaymentStatus>;

/** How a release was paid at the booth. `nil` needs a reason (lost pass waived, staff car, ...). */
export const BoothPaymentMethod = z.enum(['cash', 'card', 'prepaid', 'nil']);
export type BoothPaymentMethod = z.infer<typeof BoothPaymentMethod>;

export const BayState = z.enum(['available', 'occupied', 'reserved_soon', 'blocked']);
export type BayState = z.infer<typeof BayState>;

/** Why the gate said no. A closed set so the UI can word each one plainly. */
export const DenyReason = z.enum([
  'unknown', // no booking with this pass or PIN
  'forged', // signature does not verify, or the token was altered
  'malformed', // not a pass and not a 4-digit PIN
  'wrong_lot', // valid pass for another lot
  'too_early', // before start - entry grace
  'expired', // after end (+ grace) or never checked in before the no-show window closed
  'cancelled',
  'completed', // already used and checked out
  'already_inside', // anti-passback
  'pin_locked', // too many wrong PINs at this booth
  'lot_full', // walk-in with no free bay / no lease left
]);
export type DenyReason = z.infer<typeof DenyReason>;

export const StaffRole = z.enum(['attendant', 'manager']);
export type StaffRole = z.infer<typeof StaffRole>;
