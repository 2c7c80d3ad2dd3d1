import { z } from 'zod';
import { Booking } from './bookings';
import { PageQuery } from './common';
import { Review } from './reviews';

const Day = z.iso.date();

export const AdminScope = z.object({
  /** Admins only: one owner's lots. Owners always see their own. */
  owner_id: z.uuid().optional(),
  spot_id: z.uuid().optional(),
});

export const Dashboard = z.object({
  lots: z.number().int(),
  bays_total: z.number().int(),
  bays_occupied: z.number().int(),
  bays_blocked: z.number().int(),
  /** Occupied share of the usable (unblocked) bays, in percent with one decimal. */
  occupancy_percent: z.number(),
  active_now: z.number().int(),
  arrivals_next_24h: z.number().int(),
  upcoming: z.array(
    z.object({ booking_id: z.uuid(), spot_id: z.uuid(), lot_name: z.string(), start_time: z.string(), end_time: z.string(), vehicle_number: z.string().nullable() }),
  ),
  revenue_last_24h_cents: z.number().int(),
  revenue_last_30d_cents: z.number().int(),
  average_rating: z.number(),
  review_count: z.number().int(),
});

export const AdminBookingQuery = PageQuery.extend(AdminScope.shape).extend({
  status: z.enum(['pending', 'active', 'completed', 'cancelled']).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
export const AdminBooking = Booking.extend({ lot_name: z.string() });

export const AdminReviewQuery = PageQuery.extend(AdminScope.shape).extend({ max_rating: z.coerce.number().int().min(1).max(5).optional() });
export const AdminReview = Review.extend({ lot_name: z.string() });

export const RevenueQuery = AdminScope.extend({ from: Day.optional(), to: Day.optional() });
export const Revenue = z.object({
  from: Day,
  to: Day,
  total_cents: z.number().int(),
  by_lot: z.array(z.object({ spot_id: z.uuid(), lot_name: z.string(), revenue_cents: z.number().int(), bookings: z.number().int() })),
  /** Days in each lot's own time zone. */
  by_day: z.array(z.object({ date: Day, spot_id: z.uuid(), lot_name: z.string(), revenue_cents: z.number().int(), bookings: z.number().int() })),
});

export const BlockType = z.enum(['maintenance', 'blocked', 'reserved']);
export const AvailabilityBlock = z.object({
  id: z.uuid(),
  spot_id: z.uuid(),
  start_time: z.string(),
  end_time: z.string(),
  block_type: BlockType,
  slots_affected: z.number().int(),
  reason: z.string().nullable(),
  created_by: z.uuid(),
  created_at: z.string(),
});
export const BlockCreate = z
  .object({
    start_time: z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
    end_time: z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
    block_type: BlockType.default('maintenance'),
    /** Bays held for the whole range; omit to block the whole lot. */
    slots_affected: z.number().int().min(1).max(5000).optional(),
    reason: z.string().trim().max(500).regex(/^[^\p{Cc}]*$/u).nullable().optional(),
  })
  .strict()
  .refine((b) => b.end_time > b.start_time, { message: 'end_time must be after start_time', path: ['end_time'] });
export const BlockParams = z.object({ id: z.uuid(), blockId: z.uuid() });
