/**
 * The booth contract: every call the renderer can make, declared once. The Electron shell registers each entry
 * with ipcMain.handle, the web host serves it as POST /rpc/<name>, and the preload/HTTP clients are typed from it.
 * Adding a call means adding an entry here and a handler in src/main/booth/handlers.ts; a test checks both hosts
 * serve every entry.
 */
import { z } from 'zod';
import { BoothPaymentMethod, Cents } from '../domain';
import { entry } from './entry';
import {
  AuditRecord, Bay, Booking, EpochMs, FeeQuote, FloorCounts, GateDecision, Id, Lot, Payment, Shift, Staff, SyncConflict, SyncStatus,
} from './models';

export * from './models';
export * from './events';
export type { Access, ContractEntry } from './entry';

const Plate = z.string().trim().min(1).max(16);
const Reason = z.string().trim().min(3).max(500);
const PinCode = z.string().regex(/^\d{4,8}$/, 'a PIN is 4 to 8 digits');

export const contract = {
  // --- staff and shifts -------------------------------------------------------------------------
  'staff.list': entry({
    summary: 'Staff who may sign in at this booth (for the sign-in picker).',
    access: 'public',
    input: z.object({}),
    output: z.array(Staff),
  }),
  'staff.signIn': entry({
    summary: 'Check a staff PIN and open (or resume) their shift.',
    access: 'public',
    input: z.object({ staff_id: Id, pin: PinCode, float_cents: Cents.optional() }),
    output: z.object({ session_token: z.string(), staff: Staff, shift: Shift }),
  }),
  'staff.signOut': entry({
    summary: 'End the session; with the counted cash, also close the shift (without, it stays open for the next sign-in).',
    access: 'staff',
    input: z.object({ counted_cash_cents: Cents.optional() }),
    output: Shift,
  }),
  'shift.current': entry({
    summary: "The signed-in staff member's open shift with its takings so far.",
    access: 'staff',
    input: z.object({}),
    output: Shift,
  }),

  // --- booth status -------------------------------------------------------------------------------
  'booth.status': entry({
    summary: 'Booth identity, its lots, the signed-in staff and sync health (for the status bar).',
    access: 'staff',
    input: z.object({}),
    output: z.object({
      booth_id: Id,
      booth_name: z.string(),
      lots: z.array(Lot),
      staff: Staff,
      sync: SyncStatus,
      now: z.number().int(),
    }),
  }),

  // --- gate ---------------------------------------------------------------------------------------
  'gate.check': entry({
    summary: 'Scanned QR pass or typed PIN → ADMIT (records the check-in) or DENY with a reason.',
    access: 'staff',
    input: z.object({ lot_id: Id, code: z.string().max(512) }),
    output: GateDecision,
  }),
  'gate.override': entry({
    summary: 'Admit against the rules (barrier fault, VIP, emergency) with a reason; audited.',
    access: 'staff',
    input: z.object({ lot_id: Id, booking_id: Id, reason: Reason }),
    output: GateDecision,
  }),
  'gate.recent': entry({
    summary: 'Latest gate decisions at a lot, newest first.',
    access: 'staff',
    input: z.object({ lot_id: Id, limit: z.number().int().min(1).max(100).default(10) }),
    output: z.array(GateDecision),
  }),

  // --- walk-in ------------------------------------------------------------------------------------
  'walkin.admit': entry({
    summary: 'Admit a car with no booking: a booking checked in now, on the given or nearest free bay.',
    access: 'staff',
    input: z.object({
      lot_id: Id,
      vehicle_number: Plate,
      vehicle_model: z.string().trim().max(100).optional(),
      bay_number: z.number().int().positive().optional(),
      /** Needed to admit beyond the booth's offline capacity lease, into the full lot's buffer, or a plate already inside. */
      override_reason: Reason.optional(),
    }),
    output: z.object({ booking: Booking, pass: z.string(), bay_number: z.number().int() }),
  }),
  'walkin.suggestBay': entry({
    summary: 'The nearest free bay for a walk-in (lowest number not occupied, blocked or reserved soon).',
    access: 'staff',
    input: z.object({ lot_id: Id }),
    output: z.object({ bay_number: z.number().int().nullable() }),
  }),

  // --- release ------------------------------------------------------------------------------------
  'release.find': entry({
    summary: 'Find cars parked in a lot by plate, PIN, pass or bay number.',
    access: 'staff',
    input: z.object({
      lot_id: Id,
      by: z.enum(['plate', 'pin', 'pass', 'bay']),
      value: z.string().trim().min(1).max(512),
    }),
    output: z.array(Booking),
  }),
  'release.quote': entry({
    summary: 'Duration and fee for releasing a parked car now.',
    access: 'staff',
    input: z.object({ booking_id: Id, lost_pass: z.boolean().default(false) }),
    output: FeeQuote,
  }),
  'release.complete': entry({
    summary: 'Record the payment, complete the booking and free its bay.',
    access: 'staff',
    input: z.object({
      booking_id: Id,
      method: BoothPaymentMethod,
      amount_cents: Cents,
      tendered_cents: Cents.optional(),
      lost_pass: z.boolean().default(false),
      /** Required for `nil` payments, amounts below the quote and releases without a check-in. */
      reason: Reason.optional(),
      /** The `quoted_at` of the quote shown to the driver: its amount stands for 5 minutes. */
      quoted_at: EpochMs.optional(),
    }),
    output: z.object({ booking: Booking, payment: Payment }),
  }),

  // --- floor (manager view; attendants read) ------------------------------------------------------
  'floor.get': entry({
    summary: 'Every bay of a lot with its state, plus occupancy counts.',
    access: 'staff',
    input: z.object({ lot_id: Id }),
    output: z.object({ lot: Lot, bays: z.array(Bay), counts: FloorCounts }),
  }),
  'floor.bay': entry({
    summary: 'One bay with its state (what a live grid re-reads when a change names that bay).',
    access: 'staff',
    input: z.object({ bay_id: Id }),
    output: Bay,
  }),
  'floor.counts': entry({
    summary: "A lot's occupancy counts alone.",
    access: 'staff',
    input: z.object({ lot_id: Id }),
    output: FloorCounts,
  }),
  'floor.bayHistory': entry({
    summary: 'Recent bookings of one bay, newest first.',
    access: 'staff',
    input: z.object({ bay_id: Id, limit: z.number().int().min(1).max(100).default(20) }),
    output: z.array(Booking),
  }),
  'floor.setBayCount': entry({
    summary: "Change a lot's number of bays; only available bays can be removed.",
    access: 'manager',
    input: z.object({ lot_id: Id, total_bays: z.number().int().min(1).max(10_000) }),
    output: FloorCounts,
  }),
  'floor.blockBay': entry({
    summary: 'Block a bay for maintenance (it must not be occupied).',
    access: 'manager',
    input: z.object({ bay_id: Id, reason: Reason }),
    output: Bay,
  }),
  'floor.unblockBay': entry({
    summary: 'Return a blocked bay to service.',
    access: 'manager',
    input: z.object({ bay_id: Id }),
    output: Bay,
  }),

  // --- sync ---------------------------------------------------------------------------------------
  'sync.enroll': entry({
    summary: 'Enroll this booth with the ParkPass API using a one-time code from the lot owner; sync starts.',
    access: 'manager',
    input: z.object({ api_url: z.url({ protocol: /^https?$/ }), code: z.string().trim().min(6).max(64), booth_name: z.string().trim().min(1).max(100).optional() }),
    output: SyncStatus,
  }),
  'conflicts.list': entry({
    summary: 'Sync conflicts reported by the API, open ones first (newest first).',
    access: 'manager',
    input: z.object({ lot_id: Id.optional(), include_resolved: z.boolean().default(false) }),
    output: z.array(SyncConflict),
  }),
  'conflicts.resolve': entry({
    summary: 'Resolve a sync conflict with a note; the resolution is audited and sent to the API.',
    access: 'manager',
    input: z.object({ conflict_id: Id, resolution: Reason }),
    output: SyncConflict,
  }),

  // --- audit --------------------------------------------------------------------------------------
  'audit.list': entry({
    summary: 'The append-only audit log, newest first, filterable by kind and lot.',
    access: 'manager',
    input: z.object({
      lot_id: Id.optional(),
      kind: z.string().max(64).optional(),
      before_id: z.number().int().positive().optional(),
      limit: z.number().int().min(1).max(500).default(100),
    }),
    output: z.array(AuditRecord),
  }),
} as const;

export type Contract = typeof contract;
export type EntryName = keyof Contract;
export type InputOf<N extends EntryName> = z.input<Contract[N]['input']>;
export type ParsedInputOf<N extends EntryName> = z.output<Contract[N]['input']>;
export type OutputOf<N extends EntryName> = z.infer<Contract[N]['output']>;

/** The typed client the renderer uses, whether it is carried over IPC (preload) or HTTP (web host). */
export type BoothClient = { [N in EntryName]: (input: InputOf<N>) => Promise<OutputOf<N>> };

/** Errors every host reports the same way: `{ error: { code, message, fields } }`. */
export const ErrorCode = z.enum([
  'invalid_input', 'unauthenticated', 'forbidden', 'not_found', 'conflict', 'locked', 'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;
export const ContractError = z.object({
  error: z.object({ code: ErrorCode, message: z.string(), fields: z.record(z.string(), z.string()).optional() }),
});
export type ContractErrorBody = z.infer<typeof ContractError>;

export const entryNames = Object.keys(contract) as EntryName[];
