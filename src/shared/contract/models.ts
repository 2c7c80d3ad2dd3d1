// Shapes the booth contract returns. Times are epoch milliseconds (UTC); money is integer cents.
import { z } from 'zod';
import { BayState, BookingStatus, BoothPaymentMethod, Cents, DenyReason, PaymentStatus, StaffRole } from '../domain';
import { Tariff } from '../fees/tariff';

export const Id = z.string().min(1).max(64);
export const EpochMs = z.number().int();

export const Lot = z.object({
  id: Id,
  name: z.string(),
  address: z.string().nullable(),
  time_zone: z.string(),
  total_bays: z.number().int().nonnegative(),
  tariff: Tariff,
  entry_grace_minutes: z.number().int().nonnegative(),
  exit_grace_minutes: z.number().int().nonnegative(),
  no_show_minutes: z.number().int().nonnegative(),
  lost_pass_fee_cents: Cents,
});
export type Lot = z.infer<typeof Lot>;

export const Staff = z.object({ id: Id, name: z.string(), role: StaffRole });
export type Staff = z.infer<typeof Staff>;

export const Booking = z.object({
  id: Id,
  lot_id: Id,
  bay_id: Id.nullable(),
  bay_number: z.number().int().nullable(),
  vehicle_number: z.string(),
  vehicle_model: z.string().nullable(),
  remarks: z.string().nullable(),
  source: z.enum(['prebooked', 'walkin']),
  status: BookingStatus,
  start_time: EpochMs,
  end_time: EpochMs.nullable(),
  check_in_time: EpochMs.nullable(),
  check_out_time: EpochMs.nullable(),
  pin: z.string().nullable(),
  total_cost_cents: Cents,
  /** 'paid': paid online ahead (a booth then charges only an overstay); otherwise the booth collects the price. */
  payment_status: PaymentStatus,
  parking_cost_cents: Cents.nullable(),
});
export type Booking = z.infer<typeof Booking>;

export const GateDecision = z.object({
  id: Id,
  decision: z.enum(['ADMIT', 'DENY']),
  reason: DenyReason.nullable(),
  /** Plain words for the big screen, e.g. "Too early: entry from 08:45". */
  message: z.string(),
  booking: Booking.nullable(),
  bay_number: z.number().int().nullable(),
  decided_at: EpochMs,
  /** Set while PIN entry is locked at this booth. */
  pin_locked_until: EpochMs.nullable(),
});
export type GateDecision = z.infer<typeof GateDecision>;

export const FeeQuote = z.object({
  booking: Booking,
  duration_ms: z.number().int().nonnegative(),
  /** What the stay or booking already covered (prepaid). */
  prepaid_cents: Cents,
  /** Stay fee for walk-ins, overstay fee for pre-booked cars, lost-pass fee when applicable. */
  due_cents: Cents,
  lines: z.array(z.object({ label: z.string(), amount_cents: Cents })),
  quoted_at: EpochMs,
});
export type FeeQuote = z.infer<typeof FeeQuote>;

export const Payment = z.object({
  id: Id,
  booking_id: Id,
  method: BoothPaymentMethod,
  amount_cents: Cents,
  tendered_cents: Cents.nullable(),
  change_cents: Cents,
  reason: z.string().nullable(),
  created_at: EpochMs,
});
export type Payment = z.infer<typeof Payment>;

export const Bay = z.object({
  id: Id,
  number: z.number().int().positive(),
  state: BayState,
  blocked_reason: z.string().nullable(),
  /** The booking in (or reserved soon for) this bay. */
  booking_id: Id.nullable(),
  vehicle_number: z.string().nullable(),
  since: EpochMs.nullable(),
});
export type Bay = z.infer<typeof Bay>;

export const FloorCounts = z.object({
  total: z.number().int(),
  available: z.number().int(),
  occupied: z.number().int(),
  reserved_soon: z.number().int(),
  blocked: z.number().int(),
  occupancy_percent: z.number(),
  /** Pre-booked cars due now (within their entry window) that have not arrived: free bays are owed to them first. */
  due_arrivals: z.number().int(),
  /** The FULL sign: no bay left for a walk-in beyond those owed and a small buffer (see booth floor/full.ts). */
  full: z.boolean(),
  arrivals_today: z.number().int(),
  revenue_today_cents: Cents,
});
export type FloorCounts = z.infer<typeof FloorCounts>;

export const Shift = z.object({
  id: Id,
  staff_id: Id,
  opened_at: EpochMs,
  closed_at: EpochMs.nullable(),
  float_cents: Cents,
  takings: z.record(BoothPaymentMethod, Cents),
  entries: z.number().int(),
  exits: z.number().int(),
  counted_cash_cents: Cents.nullable(),
  /** Counted cash minus (float + cash takings); negative is a shortfall. */
  cash_difference_cents: z.number().int().nullable(),
});
export type Shift = z.infer<typeof Shift>;

export const AuditRecord = z.object({
  id: z.number().int(),
  at: EpochMs,
  kind: z.string(),
  actor_id: Id.nullable(),
  booth_id: Id,
  lot_id: Id.nullable(),
  booking_id: Id.nullable(),
  detail: z.record(z.string(), z.unknown()),
});
export type AuditRecord = z.infer<typeof AuditRecord>;

export const SyncStatus = z.object({
  online: z.boolean(),
  enrolled: z.boolean(),
  outbox_depth: z.number().int().nonnegative(),
  oldest_pending_at: EpochMs.nullable(),
  last_synced_at: EpochMs.nullable(),
  offline_since: EpochMs.nullable(),
  /** Why sync is off (e.g. the booth was revoked), for the status bar; absent while all is well. */
  message: z.string().nullable().optional(),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

/** A sync conflict (two gates admitted one booking, a check-in after a cancel, ...) for a manager to resolve. */
export const SyncConflict = z.object({
  id: Id,
  lot_id: Id,
  booking_id: Id,
  kind: z.string(),
  detail: z.record(z.string(), z.unknown()),
  created_at: EpochMs,
  resolved_at: EpochMs.nullable(),
  resolution: z.string().nullable(),
  /** The booking's plate, as this booth knows it (null when the booking is not in this booth's copy). */
  vehicle_number: z.string().nullable().optional(),
});
export type SyncConflict = z.infer<typeof SyncConflict>;
