import type Database from 'better-sqlite3';
import type { Booking, GateDecision, Lot } from '../../../shared/contract';
import { BoothError } from '../../../shared/contract/errors';
import { classifyCode, type PassCheck, type PassPayload } from '../../../shared/pass';
import { normalizePlate } from '../../../shared/plate';
import type { Actor } from '../core/actor';
import type { Core } from '../core/core';
import { newId } from '../core/ids';
import { record } from '../core/record';
import { BOOKING_COLUMNS, bookingById, insertBooking } from '../bookings/rows';
import type { CheckIn } from '../bookings/check-in';
import type { ShiftStore } from '../staff/shifts';
import { decide, pickPinCandidate, type Verdict } from './decide';
import { decisionMessage } from './messages';
import type { PinAttempts } from './pin-attempts';

const DAY = 86_400_000;
/** Bookings sharing a PIN at a lot are considered up to a day after their end, so a late driver hears "expired". */
const PIN_LOOKBACK_MS = DAY;
/** How long a denied pass the booth had not seen can still be admitted by an override without scanning it again. */
const UNSEEN_OVERRIDE_MS = 10 * 60_000;

/** A booking as described by a valid pass the booth has not seen yet (made real only on ADMIT). */
function fromPass(p: PassPayload, token: string): Booking & { qr_code: string } {
  return {
    id: p.booking_id, lot_id: p.lot_id, bay_id: null, bay_number: null, vehicle_number: p.plate, vehicle_model: null,
    remarks: null, source: 'prebooked', status: 'pending', start_time: p.valid_from, end_time: p.valid_until,
    check_in_time: null, check_out_time: null, pin: null, total_cost_cents: 0, payment_status: 'pending', parking_cost_cents: null, qr_code: token,
  };
}

/** The gate: pass or PIN in, ADMIT (check-in recorded) or DENY with a reason out; every decision audited. */
export class GateService {
  private readonly pinLookup: Database.Statement;
  private readonly livePinLookup: Database.Statement;
  private readonly recentStmt: Database.Statement;
  /** Passes denied here for bookings the booth has not seen, by booking id: an override may admit them (see override). */
  private readonly deniedUnseen = new Map<string, { booking: Booking & { qr_code: string }; at: number }>();

  constructor(
    private readonly core: Core,
    private readonly checkIn: CheckIn,
    private readonly shifts: ShiftStore,
    private readonly attempts: PinAttempts,
  ) {
    this.pinLookup = core.sqlite.prepare(
      `SELECT ${BOOKING_COLUMNS} FROM bookings WHERE lot_id = ? AND pin = ? AND end_time >= ? ORDER BY start_time LIMIT 20`,
    );
    // Same lookup among live bookings only, through their small partial index (its condition repeated word for
    // word, or SQLite cannot use it).
    this.livePinLookup = core.sqlite.prepare(
      `SELECT ${BOOKING_COLUMNS} FROM bookings WHERE lot_id = ? AND pin = ? AND status IN ('pending', 'active') AND end_time >= ?
       ORDER BY start_time LIMIT 20`,
    );
    this.recentStmt = core.sqlite.prepare(
      "SELECT outbox_id, at, booking_id, detail FROM audit_log WHERE lot_id = ? AND kind = 'gate.decision' ORDER BY id DESC LIMIT ?",
    );
  }

  check(input: { lot_id: string; code: string }, actor: Actor): GateDecision {
    const { core } = this;
    const lot = core.lots.get(input.lot_id);
    const code = classifyCode(input.code);
    // Signature checking is pure CPU: done before taking the write lock.
    const pass: PassCheck | null = code.kind === 'pass' ? core.keys.verifier.verify(code.token) : null;
    return core.tx(() => {
      const now = core.now();
      let booking: Booking | null = null;
      let unseen: (Booking & { qr_code: string }) | null = null;
      let verdict: Verdict;
      let lockedUntil: number | null = null;
      if (code.kind === 'malformed') {
        verdict = { decision: 'DENY', reason: 'malformed', at: null };
      } else if (code.kind === 'pin') {
        lockedUntil = this.attempts.lockedUntil('gate', now);
        if (lockedUntil !== null) {
          verdict = { decision: 'DENY', reason: 'pin_locked', at: lockedUntil };
        } else {
          booking = this.findByPin(lot, code.pin, now);
          verdict = booking ? decide(booking, lot, now) : { decision: 'DENY', reason: 'unknown', at: null };
          // Only a PIN that admits clears the count of wrong ones. A live booking's PIN refused for its timing
          // (early, late, already inside) neither clears nor counts; an old one's (cancelled, completed, long
          // expired) counts as wrong, or one known old PIN typed between guesses would keep the lock away.
          const live = booking !== null && (booking.status === 'pending' || booking.status === 'active');
          if (verdict.decision === 'ADMIT') lockedUntil = this.attempts.add('gate', true, now);
          else if (live) lockedUntil = this.attempts.lockedUntil('gate', now);
          else lockedUntil = this.attempts.add('gate', false, now);
        }
      } else if (!pass || !pass.ok) {
        verdict = { decision: 'DENY', reason: pass?.reason ?? 'malformed', at: null };
      } else if (pass.payload.lot_id !== lot.id) {
        verdict = { decision: 'DENY', reason: 'wrong_lot', at: null };
      } else {
        booking = bookingById(core.sqlite, pass.payload.booking_id);
        if (!booking) booking = unseen = fromPass(pass.payload, code.token);
        verdict = decide(booking, lot, now);
      }
      if (unseen && verdict.decision === 'DENY') this.rememberDeniedUnseen(unseen, now);
      if (verdict.decision === 'ADMIT' && booking) {
        if (unseen) this.storeFromPass(unseen, now);
        booking = this.checkIn.run(booking, lot, now);
        this.shifts.countEntry(actor.shiftId);
      }
      return this.recordDecision(lot, verdict, booking, actor, now, {
        via: code.kind,
        pin_locked_until: lockedUntil,
        created_from_pass: unseen !== null && verdict.decision === 'ADMIT',
        unseen: verdict.decision === 'ADMIT' ? unseen : null,
      });
    });
  }

  /**
   * The booking a typed PIN means. An admissible booking is always pending, so when the live bookings hold one it
   * is the pick among all bookings too; only a PIN that will be denied pays for the lookup in the history (which
   * tells "cancelled" or "expired" from "unknown").
   */
  private findByPin(lot: Lot, pin: string, now: number): Booking | null {
    const since = now - PIN_LOOKBACK_MS;
    const live = pickPinCandidate(this.livePinLookup.all(lot.id, pin, since) as Booking[], lot, now);
    if (live && decide(live, lot, now).decision === 'ADMIT') return live;
    return pickPinCandidate(this.pinLookup.all(lot.id, pin, since) as Booking[], lot, now);
  }

  /** Admits against the rules with a reason (barrier fault, VIP, emergency); audited for the manager. */
  override(input: { lot_id: string; booking_id: string; reason: string }, actor: Actor): GateDecision {
    const { core } = this;
    const lot = core.lots.get(input.lot_id);
    return core.tx(() => {
      const now = core.now();
      let booking = bookingById(core.sqlite, input.booking_id);
      // A valid pass denied a moment ago for a booking not synced yet: its signed payload is the booking.
      const denied = booking ? undefined : this.deniedUnseen.get(input.booking_id);
      const unseen = denied && now - denied.at <= UNSEEN_OVERRIDE_MS ? denied.booking : null;
      if (unseen) {
        this.storeFromPass(unseen, now);
        booking = unseen;
      }
      if (!booking) throw new BoothError('not_found', 'No such booking', { booking_id: 'unknown booking' });
      if (booking.lot_id !== lot.id) throw new BoothError('conflict', 'This booking is for another lot', { booking_id: 'other lot' });
      if (booking.status === 'cancelled' || booking.status === 'completed') {
        throw new BoothError('conflict', `A ${booking.status} booking cannot be admitted: use a walk-in`, { booking_id: booking.status });
      }
      const withoutOverride = decide(booking, lot, now);
      // Anti-passback is soft for staff: a car already inside is re-admitted without a second check-in.
      if (booking.status === 'pending') {
        booking = this.checkIn.run(booking, lot, now);
        this.shifts.countEntry(actor.shiftId);
      }
      return this.recordDecision(lot, { decision: 'ADMIT' }, booking, actor, now, {
        via: 'override',
        override_reason: input.reason,
        rule_said: withoutOverride.decision === 'ADMIT' ? 'ADMIT' : withoutOverride.reason,
        pin_locked_until: null,
        created_from_pass: unseen !== null,
        unseen,
      });
    });
  }

  /** A booking first seen as a valid pass becomes a row (on ADMIT, or an override of its DENY). */
  private storeFromPass(booking: Booking & { qr_code: string }, now: number): void {
    insertBooking(this.core.sqlite, { ...booking, plate_key: normalizePlate(booking.vehicle_number), created_at: now });
    this.deniedUnseen.delete(booking.id);
  }

  private rememberDeniedUnseen(booking: Booking & { qr_code: string }, now: number): void {
    for (const [id, entry] of this.deniedUnseen) if (now - entry.at > UNSEEN_OVERRIDE_MS) this.deniedUnseen.delete(id);
    this.deniedUnseen.set(booking.id, { booking, at: now });
  }

  recent(input: { lot_id: string; limit: number }): GateDecision[] {
    this.core.lots.get(input.lot_id);
    const rows = this.recentStmt.all(input.lot_id, input.limit) as { outbox_id: string; at: number; booking_id: string | null; detail: string }[];
    return rows.map((r) => {
      const d = JSON.parse(r.detail) as Pick<GateDecision, 'decision' | 'reason' | 'message' | 'bay_number' | 'pin_locked_until'>;
      return {
        id: r.outbox_id,
        decision: d.decision,
        reason: d.reason,
        message: d.message,
        booking: r.booking_id ? bookingById(this.core.sqlite, r.booking_id) : null,
        bay_number: d.bay_number,
        decided_at: r.at,
        pin_locked_until: d.pin_locked_until,
      };
    });
  }

  private recordDecision(
    lot: Lot,
    verdict: Verdict,
    booking: Booking | null,
    actor: Actor,
    now: number,
    extra: { via: string; pin_locked_until: number | null; unseen?: (Booking & { qr_code: string }) | null; [k: string]: unknown },
  ): GateDecision {
    const { unseen, ...detailExtra } = extra;
    const bayNumber = verdict.decision === 'ADMIT' ? (booking?.bay_number ?? null) : null;
    const decision: GateDecision = {
      id: newId(),
      decision: verdict.decision,
      reason: verdict.decision === 'DENY' ? verdict.reason : null,
      message: decisionMessage(verdict, lot.time_zone, now, bayNumber),
      booking,
      bay_number: bayNumber,
      decided_at: now,
      pin_locked_until: extra.pin_locked_until,
    };
    const admitted = verdict.decision === 'ADMIT' && booking !== null;
    record(
      this.core,
      {
        id: decision.id,
        kind: 'gate.decision',
        actorId: actor.staffId,
        lotId: lot.id,
        bookingId: admitted || booking?.lot_id === lot.id ? (booking?.id ?? null) : null,
        detail: { decision: decision.decision, reason: decision.reason, message: decision.message, bay_number: bayNumber, ...detailExtra },
        command: admitted
          ? {
              type: 'booking.check_in',
              payload: {
                decision_id: decision.id, booking_id: booking.id, lot_id: lot.id, bay_id: booking.bay_id, bay_number: bayNumber,
                check_in_time: booking.check_in_time, via: extra.via, override_reason: extra.override_reason ?? null,
                // A booking first seen through its pass travels with the command, so the server can match it.
                booking: unseen ?? null,
              },
            }
          : { type: 'gate.denied', payload: { decision_id: decision.id, lot_id: lot.id, booking_id: booking?.id ?? null, reason: decision.reason, via: extra.via } },
      },
      now,
    );
    this.core.notify({ kind: 'decision', lot_id: lot.id, bay_id: admitted ? booking.bay_id : null, booking_id: booking?.id ?? null, decision: decision.decision });
    if (admitted && booking.bay_id) this.core.notify({ kind: 'bay', lot_id: lot.id, bay_id: booking.bay_id, booking_id: booking.id });
    return decision;
  }
}
