import { z } from 'zod';
import { BookingStatus, DenyReason, PaymentStatus } from '../domain';
import { Instant, InstantOut, PageQuery, Text } from './common';

export const Booking = z.object({
  id: z.uuid(),
  spot_id: z.uuid(),
  user_id: z.uuid(),
  vehicle_id: z.uuid(),
  bay_id: z.uuid().nullable(),
  start_time: InstantOut,
  end_time: InstantOut,
  total_cost_cents: z.number().int(),
  status: BookingStatus,
  /** The signed pass (PP1.…) a booth verifies offline. */
  qr_code: z.string(),
  pin: z.string(),
  payment_intent_id: z.string().nullable(),
  payment_status: PaymentStatus,
  check_in_time: InstantOut.nullable(),
  check_out_time: InstantOut.nullable(),
  vehicle_number: z.string().nullable(),
  vehicle_model: z.string().nullable(),
  remarks: z.string().nullable(),
  /** What the stay cost at release (booked price plus overstay); null until check-out. */
  parking_cost_cents: z.number().int().nullable(),
  refund_amount_cents: z.number().int().nullable(),
  cancelled_at: InstantOut.nullable(),
  created_at: InstantOut,
  updated_at: InstantOut,
});
export type Booking = z.infer<typeof Booking>;

export const BookingCreate = z
  .object({
    /** A client may choose the id (a UUID), so a retried request cannot book twice. */
    id: z.uuid().optional(),
    spot_id: z.uuid(),
    vehicle_id: z.uuid(),
    start_time: Instant,
    end_time: Instant,
    remarks: Text(500).nullable().optional(),
  })
  .strict()
  .refine((b) => b.end_time > b.start_time, { message: 'end_time must be after start_time', path: ['end_time'] });

export const BookingListQuery = PageQuery.extend({
  status: BookingStatus.optional(),
  /** A lot's bookings, for whoever manages that lot. Without it: the signed-in user's own bookings. */
  spot_id: z.uuid().optional(),
}).strict();

export const ExtendBody = z.object({ end_time: Instant }).strict();
export const CancelBody = z.object({ reason: Text(500).optional() }).strict();

export const ValidateBody = z
  .object({
    spot_id: z.uuid(),
    /** What was scanned or typed: a pass (PP1.…) or a 4-digit PIN. */
    code: z.string().max(300),
    direction: z.enum(['entry', 'exit']).default('entry'),
  })
  .strict();

/** The gate's reasons, plus `not_inside`: an exit for a booking that never checked in (anti-passback). */
export const ValidateDenyReason = z.enum([...DenyReason.options, 'not_inside']);
export type ValidateDenyReason = z.infer<typeof ValidateDenyReason>;

export const ValidateResult = z.object({
  decision: z.enum(['admit', 'deny']),
  reason: ValidateDenyReason.nullable(),
  booking: Booking.nullable(),
  /** The bay assigned at entry. */
  bay_index: z.number().int().nullable(),
  /** Owed at exit beyond the booked price (overstay), in cents. */
  amount_due_cents: z.number().int(),
});
export type ValidateResult = z.infer<typeof ValidateResult>;
