import type Database from 'better-sqlite3';
import type { Booking, FeeQuote, Payment } from '../../../shared/contract';
import { BoothError } from '../../../shared/contract/errors';
import type { BoothPaymentMethod } from '../../../shared/domain';
import { classifyCode } from '../../../shared/pass';
import { normalizePlate } from '../../../shared/plate';
import type { Actor } from '../core/actor';
import type { Core } from '../core/core';
import { newId } from '../core/ids';
import { record } from '../core/record';
import { BOOKING_COLUMNS, bookingById } from '../bookings/rows';
import type { BayStore } from '../floor/bay-store';
import type { ShiftStore } from '../staff/shifts';
import { checkPayment } from './payment-rules';
import { quoteRelease } from './quote-rules';

const MINUTE = 60_000;
/**
 * A quote shown to the driver stands this long: paying takes a while, and the fee may step up meanwhile (the next
 * started increment); the driver pays what the screen said.
 */
export const QUOTE_HOLD_MS = 5 * MINUTE;
// A car "parked" here: checked in, or booked for now but never checked in (barrier fault, lost scan).
const PARKED = `(status = 'active' OR (status = 'pending' AND start_time <= @entry_from AND (end_time IS NULL OR end_time >= @now)))`;

export interface ReleaseInput {
  booking_id: string;
  method: BoothPaymentMethod;
  amount_cents: number;
  tendered_cents?: number | undefined;
  lost_pass: boolean;
  reason?: string | undefined;
  /** When the quote paid against was made (FeeQuote.quoted_at): honoured for QUOTE_HOLD_MS. */
  quoted_at?: number | undefined;
}

/** Release: find a parked car, quote its fee, take the payment, complete the booking and free the bay. */
export class ReleaseService {
  private readonly byPlate: Database.Statement;
  private readonly byPin: Database.Statement;
  private readonly insertPayment: Database.Statement;
  private readonly complete: Database.Statement;

  constructor(
    private readonly core: Core,
    private readonly bays: BayStore,
    private readonly shifts: ShiftStore,
  ) {
    const order = "ORDER BY status = 'active' DESC, start_time DESC LIMIT 20";
    this.byPlate = core.sqlite.prepare(`SELECT ${BOOKING_COLUMNS} FROM bookings WHERE lot_id = @lot AND plate_key = @key AND ${PARKED} ${order}`);
    this.byPin = core.sqlite.prepare(`SELECT ${BOOKING_COLUMNS} FROM bookings WHERE lot_id = @lot AND pin = @key AND ${PARKED} ${order}`);
    this.insertPayment = core.sqlite.prepare(
      `INSERT INTO booth_payments (id, booking_id, lot_id, shift_id, staff_id, method, amount_cents, tendered_cents, change_cents, reason, created_at)
       VALUES (@id, @booking_id, @lot_id, @shift_id, @staff_id, @method, @amount_cents, @tendered_cents, @change_cents, @reason, @created_at)`,
    );
    this.complete = core.sqlite.prepare(
      `UPDATE bookings SET status = 'completed', check_out_time = ?, parking_cost_cents = ?, payment_status = 'paid', updated_at = ?
       WHERE id = ? AND status IN ('active', 'pending')`,
    );
  }

  find(input: { lot_id: string; by: 'plate' | 'pin' | 'pass' | 'bay'; value: string }): Booking[] {
    const { core } = this;
    const lot = core.lots.get(input.lot_id);
    const now = core.now();
    const params = { lot: lot.id, now, entry_from: now + lot.entry_grace_minutes * MINUTE };
    const isParked = (b: Booking | null): b is Booking =>
      !!b && b.lot_id === lot.id && (b.status === 'active' || (b.status === 'pending' && b.start_time <= params.entry_from && (b.end_time === null || b.end_time >= now)));
    switch (input.by) {
      case 'plate': {
        const key = normalizePlate(input.value);
        if (!key) throw new BoothError('invalid_input', 'A plate needs letters or digits', { value: 'empty plate' });
        return this.byPlate.all({ ...params, key }) as Booking[];
      }
      case 'pin': {
        if (!/^\d{4}$/.test(input.value)) throw new BoothError('invalid_input', 'A PIN is 4 digits', { value: 'not a PIN' });
        return this.byPin.all({ ...params, key: input.value }) as Booking[];
      }
      case 'pass': {
        const code = classifyCode(input.value);
        const check = code.kind === 'pass' ? core.keys.verifier.verify(code.token) : null;
        if (!check?.ok) throw new BoothError('invalid_input', 'Forged, altered or unreadable pass', { value: check?.reason ?? 'malformed' });
        const b = bookingById(core.sqlite, check.payload.booking_id);
        return isParked(b) ? [b] : [];
      }
      case 'bay': {
        const number = Number(input.value);
        if (!Number.isInteger(number) || number < 1) throw new BoothError('invalid_input', 'A bay number is a whole number', { value: 'not a bay number' });
        const bay = this.bays.find(lot.id, number);
        if (!bay) throw new BoothError('not_found', `Lot has no bay ${number}`, { value: 'no such bay' });
        const b = bay.booking_id ? bookingById(core.sqlite, bay.booking_id) : null;
        return isParked(b) ? [b] : [];
      }
    }
  }

  quote(input: { booking_id: string; lost_pass: boolean }): FeeQuote {
    const booking = this.releasable(input.booking_id);
    const now = this.core.now();
    return { booking, ...quoteRelease(booking, this.core.lots.get(booking.lot_id), now, input.lost_pass), quoted_at: now };
  }

  release(input: ReleaseInput, actor: Actor): { booking: Booking; payment: Payment } {
    const { core } = this;
    return core.tx(() => {
      const now = core.now();
      const booking = this.releasable(input.booking_id);
      const lot = core.lots.get(booking.lot_id);
      const held = input.quoted_at !== undefined && input.quoted_at <= now && now - input.quoted_at <= QUOTE_HOLD_MS;
      const quote = quoteRelease(booking, lot, held ? input.quoted_at! : now, input.lost_pass);
      const { change_cents } = checkPayment(input, quote.due_cents, booking);
      const payment: Payment = {
        id: newId(),
        booking_id: booking.id,
        method: input.method,
        amount_cents: input.amount_cents,
        tendered_cents: input.method === 'cash' ? (input.tendered_cents ?? input.amount_cents) : null,
        change_cents,
        reason: input.reason ?? null,
        created_at: now,
      };
      this.insertPayment.run({ ...payment, lot_id: lot.id, shift_id: actor.shiftId, staff_id: actor.staffId });
      const cost = quote.prepaid_cents + input.amount_cents;
      this.complete.run(now, cost, now, booking.id);
      if (booking.bay_id) this.bays.vacate(booking.bay_id, booking.id, now);
      this.shifts.countExit(actor.shiftId);
      const released: Booking = { ...booking, status: 'completed', check_out_time: now, parking_cost_cents: cost };
      record(
        core,
        {
          kind: 'release',
          actorId: actor.staffId,
          lotId: lot.id,
          bookingId: booking.id,
          detail: { bay_number: booking.bay_number, due_cents: quote.due_cents, lines: quote.lines, payment, lost_pass: input.lost_pass, was_checked_in: booking.status === 'active' },
          command: { type: 'booking.release', payload: { booking_id: booking.id, lot_id: lot.id, check_out_time: now, parking_cost_cents: cost, payment } },
        },
        now,
      );
      core.notify({ kind: 'bay', lot_id: lot.id, bay_id: booking.bay_id, booking_id: booking.id });
      return { booking: released, payment };
    });
  }

  private releasable(bookingId: string): Booking {
    const booking = bookingById(this.core.sqlite, bookingId);
    if (!booking) throw new BoothError('not_found', 'No such booking', { booking_id: 'unknown booking' });
    if (booking.status === 'completed' || booking.status === 'cancelled') {
      throw new BoothError('conflict', `This booking is already ${booking.status}`, { booking_id: booking.status });
    }
    return booking;
  }
}
