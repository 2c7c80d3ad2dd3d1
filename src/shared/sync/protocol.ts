/**
 * The booth ⇄ API sync protocol (see ARCHITECTURE.md, "Sync"). Every message is parsed with these schemas by
 * whoever receives it (the API its requests, the booth every answer); a message that does not parse is rejected
 * whole and changes nothing. Endpoints: POST /api/devices/enroll, POST /api/sync/{time,push,pull},
 * GET /api/sync/events (server-sent events `hello` and `feed` {lot_id}), all but enroll with the device token.
 *
 * Times are epoch milliseconds UTC. A booth stamps events with its own clock plus its measured offset to the
 * server's clock (`server_time - local_time`, measured at each exchange).
 */
import { z } from 'zod';
import { BookingStatus, BoothPaymentMethod, Cents, PaymentStatus } from '../domain';
import { Lot, SyncConflict } from '../contract/models';

const Uuid = z.uuid();
/** Before year 10000: a later time is no clock's reading, and makes an invalid date on the way to the database. */
const EpochMs = z.number().int().min(0).max(253_402_300_799_999);

// --- enrollment -----------------------------------------------------------------------------------------

export const EnrollRequest = z.object({
  code: z.string().trim().min(6).max(64),
  booth_name: z.string().trim().min(1).max(100),
});
export type EnrollRequest = z.infer<typeof EnrollRequest>;

/** A lot as the booth holds it (the contract's Lot), with the server's UUID. */
export const SyncLot = Lot.extend({ id: Uuid });
export type SyncLot = z.infer<typeof SyncLot>;

export const EnrollResponse = z.object({
  device_id: Uuid,
  /** Shown once; the server keeps only its hash. Sent as `Authorization: Bearer <token>` on every sync call. */
  device_token: z.string(),
  lots: z.array(SyncLot),
  /** Ed25519 public keys (raw, base64url) whose passes the booth must accept. */
  pass_public_keys: z.array(z.string()),
  server_time: EpochMs,
});
export type EnrollResponse = z.infer<typeof EnrollResponse>;

/** An owner (or admin) asks for a one-time code to enroll a booth at one of their lots. */
export const EnrollmentCodeRequest = z.object({ lot_id: Uuid, ttl_minutes: z.number().int().min(1).max(7 * 24 * 60).default(60) });
export const EnrollmentCodeResponse = z.object({ code: z.string(), lot_id: Uuid, expires_at: EpochMs });
export type EnrollmentCodeResponse = z.infer<typeof EnrollmentCodeResponse>;

/** Error codes of the sync endpoints (in the API's usual `{ error: { code, message } }` body). */
export const SYNC_ERRORS = {
  deviceRevoked: 'device_revoked',
  invalidCode: 'invalid_enrollment_code',
} as const;

/** POST /api/sync/time: the booth measures its clock offset before stamping a batch. */
export const ServerTime = z.object({ server_time: EpochMs });

// --- offline capacity leases ----------------------------------------------------------------------------

export const Lease = z.object({
  lot_id: Uuid,
  /** Walk-ins this booth may admit while it cannot reach the API. */
  walkins: z.number().int().nonnegative(),
  granted_at: EpochMs,
});
export type Lease = z.infer<typeof Lease>;

// --- push: booth outbox → API ---------------------------------------------------------------------------

const CommandBase = z.object({
  /** UUIDv7 made by the booth: a retry of the same command is recognised and changes nothing. */
  id: Uuid,
  /** Null only for booth events that belong to no lot (a staff sign-in). */
  lot_id: Uuid.nullable(),
  /** When it happened, on the server's clock (booth clock + measured offset). */
  at: EpochMs,
  /** The booth's own clock at that moment, kept for audits of clock drift. */
  booth_time: EpochMs,
  actor: z.string().max(100).nullable(),
});
const LotCommand = CommandBase.extend({ lot_id: Uuid });

export const SyncBooking = z.object({
  id: Uuid,
  lot_id: Uuid,
  bay_number: z.number().int().positive().nullable(),
  vehicle_number: z.string().max(20),
  vehicle_model: z.string().max(100).nullable(),
  remarks: z.string().max(1000).nullable(),
  source: z.enum(['prebooked', 'walkin']),
  status: BookingStatus,
  start_time: EpochMs,
  end_time: EpochMs.nullable(),
  check_in_time: EpochMs.nullable(),
  check_out_time: EpochMs.nullable(),
  pin: z.string().regex(/^\d{4}$/).nullable(),
  qr_code: z.string().max(255).nullable(),
  total_cost_cents: Cents,
  parking_cost_cents: Cents.nullable(),
  payment_status: PaymentStatus,
});
export type SyncBooking = z.infer<typeof SyncBooking>;

/** Command types are the booth's outbox types, so an outbox row becomes a command without renaming. */
export const Command = z.discriminatedUnion('type', [
  LotCommand.extend({
    type: z.literal('booking.check_in'),
    booking_id: Uuid,
    bay_number: z.number().int().positive().nullable(),
    /** Present when the booth admitted the booking from a signed pass it had not synced yet. */
    pass: z.string().max(255).nullable(),
    override_reason: z.string().max(500).nullable(),
  }),
  LotCommand.extend({
    type: z.literal('booking.walkin'),
    booking: SyncBooking,
    override_reason: z.string().max(500).nullable(),
  }),
  LotCommand.extend({
    type: z.literal('booking.release'),
    booking_id: Uuid,
    parking_cost_cents: Cents,
    payment: z.object({
      id: Uuid,
      method: BoothPaymentMethod,
      amount_cents: Cents,
      reason: z.string().max(500).nullable(),
    }),
  }),
  LotCommand.extend({ type: z.literal('bay.block'), bay_number: z.number().int().positive(), reason: z.string().max(500) }),
  LotCommand.extend({ type: z.literal('bay.unblock'), bay_number: z.number().int().positive() }),
  LotCommand.extend({ type: z.literal('lot.set_bay_count'), total_bays: z.number().int().min(1).max(10_000) }),
  LotCommand.extend({ type: z.literal('conflict.resolve'), conflict_id: Uuid, resolution: z.string().trim().min(1).max(500) }),
  /** Everything else the booth records (denials, shifts, sign-ins): kept by the API for audit, no shared effect. */
  CommandBase.extend({ type: z.literal('booth.event'), kind: z.string().min(1).max(40), detail: z.record(z.string(), z.unknown()) }),
]);
export type Command = z.infer<typeof Command>;
export type CommandType = Command['type'];

export const PUSH_BATCH_MAX = 500;
export const PushRequest = z.object({ commands: z.array(Command).min(1).max(PUSH_BATCH_MAX) });
export type PushRequest = z.infer<typeof PushRequest>;

export const CommandResult = z.object({
  id: Uuid,
  status: z.enum(['applied', 'duplicate', 'rejected', 'conflict']),
  reason: z.string().nullable(),
  /** For conflicts: the booking as the server now holds it, so the booth can converge. */
  canonical: SyncBooking.nullable(),
});
export type CommandResult = z.infer<typeof CommandResult>;

export const PushResponse = z.object({ results: z.array(CommandResult), server_time: EpochMs, leases: z.array(Lease) });
export type PushResponse = z.infer<typeof PushResponse>;

// --- pull: API change feed → booth ----------------------------------------------------------------------

export const Bay = z.object({
  number: z.number().int().positive(),
  status: z.enum(['available', 'occupied']),
  blocked_reason: z.string().nullable(),
});
export type Bay = z.infer<typeof Bay>;

/** The booth contract's conflict, with the server's UUIDs; the plate is the booth's own addition. */
export const Conflict = SyncConflict.omit({ vehicle_number: true }).extend({ id: Uuid, lot_id: Uuid, booking_id: Uuid });
export type Conflict = z.infer<typeof Conflict>;

export const Change = z.discriminatedUnion('entity', [
  z.object({ seq: z.number().int(), lot_id: Uuid, entity: z.literal('booking'), data: SyncBooking }),
  z.object({ seq: z.number().int(), lot_id: Uuid, entity: z.literal('lot'), data: SyncLot }),
  z.object({ seq: z.number().int(), lot_id: Uuid, entity: z.literal('bay'), data: Bay }),
  z.object({ seq: z.number().int(), lot_id: Uuid, entity: z.literal('conflict'), data: Conflict }),
]);
export type Change = z.infer<typeof Change>;

/** The booth's position in each of its lots' feeds. Sequences are per lot: see ARCHITECTURE.md for why. */
export const Cursors = z.record(Uuid, z.number().int().nonnegative());
export type Cursors = z.infer<typeof Cursors>;

export const PullRequest = z.object({
  cursors: Cursors,
  limit: z.number().int().min(1).max(5000).default(1000),
  /** `rows`: the page is a PullPage (bookings as arrays of values). Booths older than that format get `objects`. */
  format: z.enum(['objects', 'rows']).default('objects'),
});
export type PullRequest = z.input<typeof PullRequest>;

export const PullResponse = z.object({
  changes: z.array(Change),
  cursors: Cursors,
  /** Lots whose cursor was older than the feed's retention: the booth must replace their data with this. */
  snapshots: z.array(
    z.object({ lot: SyncLot, bays: z.array(Bay), bookings: z.array(SyncBooking), conflicts: z.array(Conflict) }),
  ),
  more: z.boolean(),
  server_time: EpochMs,
  leases: z.array(Lease),
});
export type PullResponse = z.infer<typeof PullResponse>;

// --- pull pages in the `rows` format -------------------------------------------------------------------
// A catch-up moves up to 100,000s of bookings: written as objects, their 17 field names were most of the JSON
// the API built and sent and the booth decoded and parsed. In a PullPage a booking is the array of its values in
// BOOKING_COLUMNS order (declared again in each page, so a booth refuses a page laid out differently instead of
// misreading it), and a lot's changes come together under its id. `PullPage` parses the page and turns it into
// a PullResponse, which it then validates exactly as before: one shape, one set of rules.

/** The order of a booking's values in a PullPage. */
export const BOOKING_COLUMNS = [
  'id', 'lot_id', 'bay_number', 'vehicle_number', 'vehicle_model', 'remarks', 'source', 'status', 'start_time', 'end_time',
  'check_in_time', 'check_out_time', 'pin', 'qr_code', 'total_cost_cents', 'parking_cost_cents', 'payment_status',
] as const satisfies readonly (keyof SyncBooking)[];

const sameColumns = (c: readonly string[]): boolean => c.length === BOOKING_COLUMNS.length && c.every((k, i) => k === BOOKING_COLUMNS[i]);

/** The page as it travels. Only its layout is checked here; every value is checked by PullResponse after decoding. */
const PullPageWire = z.object({
  booking_columns: z.array(z.string()).refine(sameColumns, { message: `bookings must be laid out as ${BOOKING_COLUMNS.join(',')}` }),
  /** Per lot, its changes in feed order, each `[seq, entity, data]`; a booking's data is its BOOKING_COLUMNS values. */
  lots: z.array(z.object({ lot_id: z.string(), changes: z.array(z.tuple([z.unknown(), z.unknown(), z.unknown()])) })),
  cursors: z.unknown(),
  snapshots: z.unknown(),
  more: z.unknown(),
  server_time: z.unknown(),
  leases: z.unknown(),
});
export type PullPageWire = z.input<typeof PullPageWire>;

/** A booking's values → the booking; anything else is passed on as it is, for PullResponse to reject. */
function bookingOf(values: unknown): unknown {
  if (!Array.isArray(values) || values.length !== BOOKING_COLUMNS.length) return values;
  const v = values as unknown[];
  return {
    id: v[0], lot_id: v[1], bay_number: v[2], vehicle_number: v[3], vehicle_model: v[4], remarks: v[5], source: v[6], status: v[7],
    start_time: v[8], end_time: v[9], check_in_time: v[10], check_out_time: v[11], pin: v[12], qr_code: v[13], total_cost_cents: v[14],
    parking_cost_cents: v[15], payment_status: v[16],
  };
}

/** Parses a `rows` page into the PullResponse it stands for (and validates that, whole). */
export const PullPage = PullPageWire.transform(({ booking_columns: _layout, lots, ...rest }) => ({
  ...rest,
  changes: lots.flatMap(({ lot_id, changes }) =>
    changes.map(([seq, entity, data]) => ({ seq, lot_id, entity, data: entity === 'booking' ? bookingOf(data) : data })),
  ),
})).pipe(PullResponse);

/** A booking as its BOOKING_COLUMNS values (what the API's SQL writes for each booking change of a page). */
export function bookingRow(b: SyncBooking): unknown[] {
  return BOOKING_COLUMNS.map((k) => b[k]);
}
