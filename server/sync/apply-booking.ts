/**
 * Booking commands from booths. The booth already decided at the gate (offline rules); here the API keeps the
 * shared truth consistent: the earliest check-in of a booking stands and any other becomes a conflict record;
 * walk-ins and releases take or free bays as the API's own gate check does. Every refusal (reject) is thrown
 * before the command writes anything, so a chunk can apply commands without a savepoint each.
 */
import { eq, sql } from 'drizzle-orm';
import { bookingCheckIns, boothPayments, boothWalkins, bookings, syncConflicts } from '../../db/central/schema';
import type { Command, SyncBooking } from '../../src/shared/sync/protocol';
import { centsToDecimal } from '../db/money';
import * as repo from '../bookings/repository';
import { occupyBay, vacateBay } from './bays';
import type { ApplyContext } from './context';
import { syncBooking, syncConflict, syncWalkin } from './mappers';
import { applied, conflictWith, reject, type Outcome } from './outcome';

type Of<T extends Command['type']> = Extract<Command, { type: T }>;
type BookingRow = typeof bookings.$inferSelect;

export async function canonical(ctx: ApplyContext, row: BookingRow): Promise<SyncBooking> {
  return syncBooking(row, await repo.bayIndex(ctx.tx, row.bayId));
}

async function changed(ctx: ApplyContext, row: BookingRow): Promise<void> {
  ctx.feed(row.spotId, 'booking', await canonical(ctx, row));
}

async function recordConflict(ctx: ApplyContext, lotId: string, bookingId: string, kind: string, detail: Record<string, unknown>): Promise<void> {
  const [row] = await ctx.tx.insert(syncConflicts).values({ lotId, bookingId, kind, detail }).returning();
  ctx.feed(lotId, 'conflict', syncConflict(row!));
}

export async function applyCheckIn(ctx: ApplyContext, c: Of<'booking.check_in'>): Promise<Outcome> {
  const { tx } = ctx;
  await ctx.lot(c.lot_id);
  const b = await repo.findBooking(tx, c.booking_id, true);
  if (!b) throw reject('unknown_booking', 'the API has no such booking');
  if (b.spotId !== c.lot_id) throw reject('wrong_lot', 'the booking is for another lot');
  const mine = { device_id: ctx.deviceId, command_id: c.id, at: c.at, bay_number: c.bay_number, actor: c.actor, override_reason: c.override_reason };

  if (b.status === 'cancelled' || (b.status === 'completed' && !b.checkInTime)) {
    await recordConflict(ctx, b.spotId, b.id, `check_in_after_${b.status === 'cancelled' ? 'cancel' : 'close'}`, { rejected: mine });
    return conflictWith(`the booking was ${b.status} before this check-in reached the API`, await canonical(ctx, b));
  }
  if (b.status === 'pending') {
    const bay = await occupyBay(tx, b.spotId, c.bay_number);
    const row = await repo.updateBooking(tx, b.id, { status: 'active', checkInTime: new Date(c.at), bayId: bay?.id ?? null });
    await tx.insert(bookingCheckIns).values({ bookingId: b.id, deviceId: ctx.deviceId, commandId: c.id, at: new Date(c.at) });
    ctx.baysChanged(b.spotId);
    ctx.feed(b.spotId, 'booking', syncBooking(row, bay?.indexNumber ?? null));
    // The customer hears of it as from the API's own gate check (checked_in notification, live events).
    ctx.announce('gate', row);
    return applied();
  }

  // Checked in already (by another booth, or through the API's gate check): the earliest check-in stands.
  const [first] = await tx.select().from(bookingCheckIns).where(eq(bookingCheckIns.bookingId, b.id));
  const standing = { device_id: first?.deviceId ?? null, command_id: first?.commandId ?? null, at: (first?.at ?? b.checkInTime!).getTime() };
  if (standing.at <= c.at || b.status === 'completed') {
    await recordConflict(ctx, b.spotId, b.id, 'double_check_in', { standing, rejected: mine });
    return conflictWith('this booking was already checked in earlier at another gate', await canonical(ctx, b));
  }
  // This one is earlier: it takes over, and the check-in it displaces becomes the conflict record.
  await vacateBay(tx, b.spotId, b.bayId, null);
  const bay = await occupyBay(tx, b.spotId, c.bay_number);
  const row = await repo.updateBooking(tx, b.id, { checkInTime: new Date(c.at), bayId: bay?.id ?? null });
  await tx
    .insert(bookingCheckIns)
    .values({ bookingId: b.id, deviceId: ctx.deviceId, commandId: c.id, at: new Date(c.at) })
    .onConflictDoUpdate({ target: bookingCheckIns.bookingId, set: { deviceId: ctx.deviceId, commandId: c.id, at: new Date(c.at) } });
  ctx.baysChanged(b.spotId);
  await changed(ctx, row);
  await recordConflict(ctx, b.spotId, b.id, 'double_check_in', { standing: mine, rejected: standing });
  // Their bay and check-in time moved: a live event (the checked_in notification is deduplicated per booking).
  ctx.announce('gate', row);
  return applied();
}

export async function applyWalkin(ctx: ApplyContext, c: Of<'booking.walkin'>): Promise<Outcome> {
  const { tx } = ctx;
  const w = c.booking;
  if (w.lot_id !== c.lot_id) throw reject('wrong_lot', 'the walk-in names another lot');
  await ctx.lot(c.lot_id);
  const [row] = await tx
    .insert(boothWalkins)
    .values({
      id: w.id, lotId: c.lot_id, deviceId: ctx.deviceId, bayNumber: w.bay_number, vehicleNumber: w.vehicle_number,
      vehicleModel: w.vehicle_model, remarks: w.remarks, qrCode: w.qr_code, status: 'active',
      // The booth's own times are on its clock; `at` is the same moment on the server's.
      checkInTime: new Date(c.at), overrideReason: c.override_reason,
    })
    .onConflictDoNothing()
    .returning();
  if (!row) throw reject('walkin_exists', 'a walk-in with this id was already recorded');
  const bay = await occupyBay(tx, c.lot_id, w.bay_number);
  const bayNumber = bay?.indexNumber ?? null;
  // The bay the booth chose was taken meanwhile (another booth): the car is in another one, or unplaced.
  if (bayNumber !== row.bayNumber) await tx.update(boothWalkins).set({ bayNumber }).where(eq(boothWalkins.id, row.id));
  ctx.walkinAdmitted(c.lot_id);
  ctx.baysChanged(c.lot_id);
  ctx.feed(c.lot_id, 'booking', syncWalkin({ ...row, bayNumber }));
  return applied();
}

export async function applyRelease(ctx: ApplyContext, c: Of<'booking.release'>): Promise<Outcome> {
  const { tx } = ctx;
  await ctx.lot(c.lot_id);
  const paid = c.payment.amount_cents > 0 || c.payment.method === 'prepaid';
  const payment = () =>
    tx.insert(boothPayments).values({
      id: c.payment.id, bookingId: c.booking_id, lotId: c.lot_id, deviceId: ctx.deviceId, method: c.payment.method,
      amount: centsToDecimal(c.payment.amount_cents), reason: c.payment.reason, createdAt: new Date(c.at),
    }).onConflictDoNothing();

  // Walk-ins first (most releases at a booth are), in one statement that checks and changes.
  const [w] = await tx
    .update(boothWalkins)
    .set({ status: 'completed', checkOutTime: new Date(c.at), parkingCost: centsToDecimal(c.parking_cost_cents), paymentStatus: paid ? 'paid' : 'pending', updatedAt: sql`now()` })
    .where(sql`${boothWalkins.id} = ${c.booking_id} AND ${boothWalkins.lotId} = ${c.lot_id} AND ${boothWalkins.status} = 'active'`)
    .returning();
  if (w) {
    await vacateBay(tx, w.lotId, null, w.bayNumber);
    await payment();
    ctx.baysChanged(w.lotId);
    ctx.feed(w.lotId, 'booking', syncWalkin(w));
    return applied();
  }
  const b = await repo.findBooking(tx, c.booking_id, true);
  if (!b) {
    const [known] = await tx.select({ id: boothWalkins.id }).from(boothWalkins).where(eq(boothWalkins.id, c.booking_id));
    throw known ? reject('already_released', 'this walk-in was already released') : reject('unknown_booking', 'the API has no such booking or walk-in');
  }
  if (b.spotId !== c.lot_id) throw reject('wrong_lot', 'the booking is for another lot');
  if (b.status === 'completed' || b.status === 'cancelled') {
    await recordConflict(ctx, b.spotId, b.id, `release_after_${b.status === 'cancelled' ? 'cancel' : 'release'}`, { device_id: ctx.deviceId, command_id: c.id, at: c.at, payment: c.payment });
    await payment();
    return conflictWith(`the booking was already ${b.status}`, await canonical(ctx, b));
  }
  await vacateBay(tx, b.spotId, b.bayId, null);
  const row = await repo.updateBooking(tx, b.id, {
    status: 'completed', checkInTime: b.checkInTime ?? new Date(c.at), checkOutTime: new Date(c.at),
    parkingCost: centsToDecimal(c.parking_cost_cents), ...(paid && { paymentStatus: 'paid' as const }),
  });
  await payment();
  ctx.baysChanged(b.spotId);
  await changed(ctx, row);
  ctx.announce('gate', row);
  return applied();
}
