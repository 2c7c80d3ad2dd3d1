/**
 * Booking rules. Every decision about a lot's capacity or PINs is taken while holding that lot's row lock
 * (SELECT … FOR UPDATE), so concurrent requests for one lot are decided one after another and can never
 * oversell it; lots do not wait for each other.
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { BookingCreate } from '../../src/shared/api/bookings';
import { quoteStay } from '../../src/shared/fees';
import type { PassSigner } from '../../src/shared/pass';
import type { Actor } from '../auth/tokens';
import type { Executor } from '../db';
import type { Fragment } from '../db/prepared';
import { centsToDecimal } from '../db/money';
import { badRequest, conflict, notFound } from '../errors';
import { paidOnlineCents } from '../payments/repository';
import { fits } from '../spots/capacity';
import { tariffOf } from '../spots/mapper';
import * as lots from '../spots/repository';
import type { LotRow } from '../spots/repository';
import { canManage } from '../spots/service';
import { FEED_CHANNEL, bookingChanged } from '../sync/feed';
import { pickPin } from './pin';
import { refundCents } from './refund';
import * as repo from './repository';

const MINUTE = 60_000;

export type BookingChange = 'created' | 'extended' | 'cancelled' | 'gate';

/** What the booking code has the notifications and live events written with. */
export interface BookingListener {
  /**
   * Runs inside the booking's transaction, last, so what it writes (notification, mail, live events) commits
   * or rolls back with the change. `lot`: the lot as the change left it, when the caller has it. `wake`:
   * whether to NOTIFY in the transaction (false when the caller will call committed() after its commit).
   */
  write(tx: Executor, change: BookingChange, booking: repo.BookingRow, lot: LotRow | null, wake: boolean): Promise<void>;
  /**
   * The same writes as CTEs, for the change's own statement (one round trip for a new booking and its
   * notification); null when `write` must be called instead. `booking`: the row as the change will leave it.
   */
  fragment?(change: BookingChange, booking: repo.BookingRow, lot: LotRow): Fragment | null;
  /**
   * After the change committed: wakes the live readers and sends these NOTIFYs, outside any transaction.
   * PostgreSQL serialises the commits of transactions that NOTIFY (WAL flush included), so the booking
   * routes do not NOTIFY in theirs: concurrent bookings of different lots then commit in parallel.
   */
  committed(wakes: ReadonlyArray<readonly [channel: string, payload: string]>): void;
}

// Keyed by the app's database handle: each app (and each test app) has its own listener, and the booking
// code needs no knowledge of notifications.
const listeners = new WeakMap<object, BookingListener>();

/** Sets (or with null clears) what runs in every booking change's transaction made through `db`. */
export function listenToBookings(db: Executor, listener: BookingListener | null): void {
  if (listener) listeners.set(db, listener);
  else listeners.delete(db);
}

/**
 * Tells the listener of `db` about a change, inside its transaction `tx`, waking the readers at commit
 * (for callers with no after-commit step, such as a sync push chunk).
 */
export async function announceBooking(db: Executor, tx: Executor, change: BookingChange, booking: repo.BookingRow): Promise<void> {
  await listeners.get(db)?.write(tx, change, booking, null, true);
}

/**
 * A change of the booking routes, in its transaction: the lot's sync feed entry, then the listener. Both
 * leave the NOTIFYs to {@link committed}, which the route calls once the transaction has committed.
 */
export async function recordChange(db: Executor, tx: Executor, change: BookingChange, booking: repo.BookingRow, lot: LotRow | null): Promise<void> {
  await bookingChanged(tx, booking, !listeners.has(db));
  await listeners.get(db)?.write(tx, change, booking, lot, false);
}

/** After the commit of changes recorded with recordChange: the wake-ups (the lots' feeds and the live log). */
export function committed(db: Executor, lotIds: readonly string[]): void {
  listeners.get(db)?.committed([...new Set(lotIds)].map((id) => [FEED_CHANNEL, id] as const));
}
/** A booking may start a little in the past (clock skew, slow forms), not more. */
const PAST_TOLERANCE_MS = 5 * MINUTE;
const MAX_STAY_MS = 31 * 24 * 60 * MINUTE;
const MAX_ADVANCE_MS = 366 * 24 * 60 * MINUTE;

type CreateInput = z.infer<typeof BookingCreate>;

function checkWindow(start: Date, end: Date, now: number): void {
  if (start.getTime() < now - PAST_TOLERANCE_MS) throw badRequest('start_time is in the past', 'window_in_past');
  if (start.getTime() > now + MAX_ADVANCE_MS) throw badRequest('bookings open at most a year ahead', 'window_too_far');
  if (end.getTime() - start.getTime() > MAX_STAY_MS) throw badRequest('a booking lasts at most 31 days', 'window_too_long');
}

/** The span in which two bookings' PINs could both be typed at the gate (windows widened by the graces). */
function pinSpan(lot: lots.LotRow, start: Date, end: Date): [Date, Date] {
  const margin = (lot.entryGraceMinutes + lot.exitGraceMinutes) * MINUTE;
  return [new Date(start.getTime() - margin), new Date(end.getTime() + margin)];
}

export async function createBooking(
  db: Executor,
  signer: PassSigner,
  actor: Actor,
  input: CreateInput,
): Promise<{ booking: repo.BookingRow; created: boolean }> {
  const result = await db.transaction(async (tx) => {
    const locked = await lots.lockLotForBooking(tx, input.spot_id);
    if (!locked || !locked.lot.isActive) throw notFound('lot');
    const { lot, bookable } = locked;
    if (input.id) {
      const existing = await repo.findBooking(tx, input.id);
      // The same request again (a retry): answer with what it made the first time.
      if (existing && existing.userId === actor.id && existing.spotId === lot.id) return { booking: existing, created: false };
      if (existing) throw conflict('a booking with this id exists', 'id_taken');
    }
    const { start_time: start, end_time: end } = input;
    checkWindow(start, end, Date.now());
    const { vehicle, busy, holds, pins } = await repo.decisionContext(tx, lot, input.vehicle_id, start, end, ...pinSpan(lot, start, end));
    if (!vehicle || vehicle.userId !== actor.id) throw notFound('vehicle');
    if (busy) throw conflict('this vehicle is already booked at that time', 'vehicle_busy');
    if (!fits(holds, bookable, start.getTime(), end.getTime())) throw conflict('no bay is free for the whole of that time', 'lot_full');
    const pin = pickPin(pins);
    if (!pin) throw conflict('no PIN is free for that time at this lot', 'no_pin_available');
    const id = input.id ?? randomUUID();
    const values: repo.NewBooking = {
      id,
      spotId: lot.id,
      userId: actor.id,
      vehicleId: vehicle.id,
      startTime: start,
      endTime: end,
      totalCost: centsToDecimal(quoteStay(tariffOf(lot), end.getTime() - start.getTime()).amount_cents),
      status: 'pending',
      qrCode: signer.sign({ booking_id: id, lot_id: lot.id, valid_from: start.getTime(), valid_until: end.getTime(), plate: vehicle.licensePlate }),
      pin,
      vehicleNumber: vehicle.licensePlate,
      vehicleModel: `${vehicle.make} ${vehicle.model}`,
      remarks: input.remarks ?? null,
    };
    // One statement writes the booking, its feed entry (recordChange's first half) and, when the listener can
    // give its writes as CTEs, the notification and live events too (its second half).
    const listener = listeners.get(db);
    const fragment = listener?.fragment?.('created', repo.newBookingRow(values), lot) ?? null;
    const booking = await repo.insertNewBooking(tx, values, !listener, fragment);
    if (!fragment) await listener?.write(tx, 'created', booking, lot, false);
    return { booking, created: true };
  });
  if (result.created) committed(db, [result.booking.spotId]);
  return result;
}

/** The booking, if the actor may see it: its customer, or whoever manages its lot. Others get "not found". */
export async function visibleBooking(db: Executor, actor: Actor, id: string, lock = false): Promise<repo.BookingRow> {
  const booking = await repo.findBooking(db, id, lock);
  if (!booking) throw notFound('booking');
  if (booking.userId === actor.id) return booking;
  if (actor.user_type !== 'customer') {
    const lot = await lots.findLot(db, booking.spotId);
    if (lot && canManage(actor, lot)) return booking;
  }
  throw notFound('booking');
}

/** Moves the end later: re-checks capacity and the vehicle for the added time, re-prices, re-signs the pass. */
export async function extendBooking(db: Executor, signer: PassSigner, actor: Actor, id: string, newEnd: Date): Promise<repo.BookingRow> {
  const extended = await db.transaction(async (tx) => {
    const first = await visibleBooking(tx, actor, id);
    if (first.userId !== actor.id && actor.user_type !== 'admin') throw notFound('booking');
    const lot = (await lots.lockLot(tx, first.spotId))!;
    const booking = (await repo.findBooking(tx, id, true))!;
    if (booking.status !== 'pending' && booking.status !== 'active') throw conflict(`a ${booking.status} booking cannot be extended`, 'not_extendable');
    // The added time would have no way to be paid: the booking's one online payment is made, and a booth treats
    // a paid booking as settled. Until a booking can take a second payment, the driver books the time apart.
    if (booking.paymentStatus === 'paid' || booking.paymentStatus === 'refunded') {
      throw conflict('a booking paid online cannot be extended: book the extra time as a new booking', 'paid_not_extendable');
    }
    if (newEnd <= booking.endTime) throw badRequest('the new end_time must be later than the current one', 'not_later');
    if (newEnd.getTime() <= Date.now()) throw badRequest('the new end_time is in the past', 'window_in_past');
    if (newEnd.getTime() - booking.startTime.getTime() > MAX_STAY_MS) throw badRequest('a booking lasts at most 31 days', 'window_too_long');
    const oldEnd = booking.endTime;
    const found = await repo.vehicleForBooking(tx, booking.vehicleId, oldEnd, newEnd, booking.id);
    if (found?.busy) throw conflict('this vehicle is booked elsewhere in the added time', 'vehicle_busy');
    const capacity = await lots.bookableBays(tx, lot.id);
    const { holds, pins } = await repo.bookingContext(tx, lot, oldEnd, newEnd, ...pinSpan(lot, booking.startTime, newEnd), booking.id);
    if (!fits(holds, capacity, oldEnd.getTime(), newEnd.getTime())) throw conflict('no bay is free for the added time', 'lot_full');
    // Keep the PIN the driver knows unless another booking now overlapping uses it.
    const pin = pins.has(booking.pin) ? pickPin(pins) : booking.pin;
    if (!pin) throw conflict('no PIN is free for that time at this lot', 'no_pin_available');
    const plate = booking.vehicleNumber ?? '';
    const extended = await repo.updateBooking(tx, id, {
      endTime: newEnd,
      pin,
      totalCost: centsToDecimal(quoteStay(tariffOf(lot), newEnd.getTime() - booking.startTime.getTime()).amount_cents),
      qrCode: signer.sign({ booking_id: id, lot_id: lot.id, valid_from: booking.startTime.getTime(), valid_until: newEnd.getTime(), plate }),
    });
    await recordChange(db, tx, 'extended', extended, lot);
    return extended;
  });
  committed(db, [extended.spotId]);
  return extended;
}

/** Cancels a pending booking. Refund per server/bookings/refund.ts, and only of what was actually paid. */
export async function cancelBooking(db: Executor, actor: Actor, id: string): Promise<repo.BookingRow> {
  const cancelled = await db.transaction(async (tx) => {
    const first = await visibleBooking(tx, actor, id);
    const lot = await lots.lockLot(tx, first.spotId);
    const booking = (await repo.findBooking(tx, id, true))!;
    if (booking.status !== 'pending') throw conflict(`a ${booking.status} booking cannot be cancelled`, 'not_cancellable');
    // What was actually paid (never the price): a refund above it would be refused by Stripe and retried forever.
    const paid = await paidOnlineCents(tx, booking.id);
    const byCustomer = booking.userId === actor.id;
    const refund = byCustomer ? refundCents(paid, booking.startTime.getTime(), Date.now()) : paid;
    const cancelled = await repo.updateBooking(tx, id, {
      status: 'cancelled',
      cancelledAt: new Date(),
      refundAmount: centsToDecimal(refund),
      ...(refund > 0 && { paymentStatus: 'refunded' as const }),
    });
    await recordChange(db, tx, 'cancelled', cancelled, lot);
    return cancelled;
  });
  committed(db, [cancelled.spotId]);
  return cancelled;
}
