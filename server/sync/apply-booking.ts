/**
 * Booking commands from booths. The booth already decided at the gate (offline rules); here the API keeps the
 * shared truth consistent: the earliest check-in of a booking stands and any other becomes a conflict record;
 * a walk-in and a release take or free bays exactly as the API's own gate check does.
 */
import { eq, sql } from 'drizzle-orm';
import { bookingCheckIns, boothPayments, boothWalkins, bookings, syncConflicts } from '../../db/central/schema';
import type { Command, SyncBooking } from '../../src/shared/sync/protocol';
import type { Executor } from '../db';
import { centsToDecimal } from '../db/money';
import * as repo from '../bookings/repository';
import { lockLot, refreshCounts } from '../spots/repository';
import { occupyBay, vacateBay } from './bays';
import { appendChange, bookingChanged } from './feed';
import { syncBooking, syncConflict, syncWalkin } from './mappers';
import { applied, conflictWith, reject, type Outcome } from './outcome';

type Of<T extends Command['type']> = Extract<Command, { type: T }>;
export interface Origin {
  deviceId: string;
}

async function lockedLot(tx: Executor, lotId: string) {
  const lot = await lockLot(tx, lotId);
  if (!lot) throw reject('unknown_lot', 'no such lot');
  return lot;
}

async function canonical(tx: Executor, row: typeof bookings.$inferSelect): Promise<SyncBooking> {
  return syncBooking(row, await repo.bayIndex(tx, row.bayId));
}

async function recordConflict(tx: Executor, lotId: string, bookingId: string, kind: string, detail: Record<string, unknown>): Promise<void> {
  const [row] = await tx.insert(syncConflicts).values({ lotId, bookingId, kind, detail }).returning();
  await appendChange(tx, lotId, 'conflict', syncConflict(row!));
}

export async function applyCheckIn(tx: Executor, origin: Origin, c: Of<'booking.check_in'>): Promise<Outcome> {
  await lockedLot(tx, c.lot_id);
  const b = await repo.findBooking(tx, c.booking_id, true);
  if (!b) throw reject('unknown_booking', 'the API has no such booking');
  if (b.spotId !== c.lot_id) throw reject('wrong_lot', 'the booking is for another lot');
  const mine = { device_id: origin.deviceId, command_id: c.id, at: c.at, bay_number: c.bay_number, actor: c.actor, override_reason: c.override_reason };

  if (b.status === 'cancelled' || (b.status === 'completed' && !b.checkInTime)) {
    await recordConflict(tx, b.spotId, b.id, `check_in_after_${b.status === 'cancelled' ? 'cancel' : 'close'}`, { rejected: mine });
    return conflictWith(`the booking was ${b.status} before this check-in reached the API`, await canonical(tx, b));
  }
  if (b.status === 'pending') {
    const bay = await occupyBay(tx, b.spotId, c.bay_number);
    const row = await repo.updateBooking(tx, b.id, { status: 'active', checkInTime: new Date(c.at), bayId: bay?.id ?? null });
    await tx.insert(bookingCheckIns).values({ bookingId: b.id, deviceId: origin.deviceId, commandId: c.id, at: new Date(c.at) });
    await refreshCounts(tx, b.spotId);
    await bookingChanged(tx, row);
    return applied();
  }

  // Checked in already (by another booth, or through the API's gate check): the earliest check-in stands.
  const [first] = await tx.select().from(bookingCheckIns).where(eq(bookingCheckIns.bookingId, b.id));
  const standing = { device_id: first?.deviceId ?? null, command_id: first?.commandId ?? null, at: (first?.at ?? b.checkInTime!).getTime() };
  if (standing.at <= c.at || b.status === 'completed') {
    await recordConflict(tx, b.spotId, b.id, 'double_check_in', { standing, rejected: mine });
    return conflictWith('this booking was already checked in earlier at another gate', await canonical(tx, b));
  }
  // This one is earlier: it takes over, and the check-in it displaces becomes the conflict record.
  await vacateBay(tx, b.spotId, b.bayId, null);
  const bay = await occupyBay(tx, b.spotId, c.bay_number);
  const row = await repo.updateBooking(tx, b.id, { checkInTime: new Date(c.at), bayId: bay?.id ?? null });
  await tx
    .insert(bookingCheckIns)
    .values({ bookingId: b.id, deviceId: origin.deviceId, commandId: c.id, at: new Date(c.at) })
    .onConflictDoUpdate({ target: bookingCheckIns.bookingId, set: { deviceId: origin.deviceId, commandId: c.id, at: new Date(c.at) } });
  await refreshCounts(tx, b.spotId);
  await bookingChanged(tx, row);
  await recordConflict(tx, b.spotId, b.id, 'double_check_in', { standing: mine, rejected: standing });
  return applied();
}

export async function applyWalkin(tx: Executor, origin: Origin, c: Of<'booking.walkin'>): Promise<Outcome> {
  const w = c.booking;
  if (w.lot_id !== c.lot_id) throw reject('wrong_lot', 'the walk-in names another lot');
  await lockedLot(tx, c.lot_id);
  const bay = await occupyBay(tx, c.lot_id, w.bay_number);
  const [row] = await tx
    .insert(boothWalkins)
    .values({
      id: w.id,
      lotId: c.lot_id,
      deviceId: origin.deviceId,
      bayNumber: bay?.indexNumber ?? null,
      vehicleNumber: w.vehicle_number,
      vehicleModel: w.vehicle_model,
      remarks: w.remarks,
      qrCode: w.qr_code,
      status: 'active',
      checkInTime: new Date(w.check_in_time ?? c.at),
      overrideReason: c.override_reason,
    })
    .returning();
  // The walk-in used one bay of this booth's lease; the rebalance after the batch hands out what is left.
  await tx.execute(sql`UPDATE device_lots SET lease_walkins = greatest(lease_walkins - 1, 0) WHERE device_id = ${origin.deviceId} AND lot_id = ${c.lot_id}`);
  await refreshCounts(tx, c.lot_id);
  await appendChange(tx, c.lot_id, 'booking', syncWalkin(row!));
  return applied();
}

export async function applyRelease(tx: Executor, origin: Origin, c: Of<'booking.release'>): Promise<Outcome> {
  await lockedLot(tx, c.lot_id);
  const paid = c.payment.amount_cents > 0 || c.payment.method === 'prepaid';
  const payment = async () =>
    tx.insert(boothPayments).values({
      id: c.payment.id, bookingId: c.booking_id, lotId: c.lot_id, deviceId: origin.deviceId, method: c.payment.method,
      amount: centsToDecimal(c.payment.amount_cents), reason: c.payment.reason, createdAt: new Date(c.at),
    });
  const b = await repo.findBooking(tx, c.booking_id, true);
  if (b) {
    if (b.spotId !== c.lot_id) throw reject('wrong_lot', 'the booking is for another lot');
    if (b.status === 'completed' || b.status === 'cancelled') {
      await recordConflict(tx, b.spotId, b.id, `release_after_${b.status === 'cancelled' ? 'cancel' : 'release'}`, { device_id: origin.deviceId, command_id: c.id, at: c.at, payment: c.payment });
      await payment();
      return conflictWith(`the booking was already ${b.status}`, await canonical(tx, b));
    }
    await vacateBay(tx, b.spotId, b.bayId, null);
    const row = await repo.updateBooking(tx, b.id, {
      status: 'completed', checkInTime: b.checkInTime ?? new Date(c.at), checkOutTime: new Date(c.at),
      parkingCost: centsToDecimal(c.parking_cost_cents), ...(paid && { paymentStatus: 'paid' as const }),
    });
    await payment();
    await refreshCounts(tx, b.spotId);
    await bookingChanged(tx, row);
    return applied();
  }
  const [w] = await tx.select().from(boothWalkins).where(eq(boothWalkins.id, c.booking_id)).for('update');
  if (!w) throw reject('unknown_booking', 'the API has no such booking or walk-in');
  if (w.status !== 'active') throw reject('already_released', 'this walk-in was already released');
  await vacateBay(tx, w.lotId, null, w.bayNumber);
  const [row] = await tx
    .update(boothWalkins)
    .set({ status: 'completed', checkOutTime: new Date(c.at), parkingCost: centsToDecimal(c.parking_cost_cents), paymentStatus: paid ? 'paid' : 'pending', updatedAt: sql`now()` })
    .where(eq(boothWalkins.id, w.id))
    .returning();
  await payment();
  await refreshCounts(tx, w.lotId);
  await appendChange(tx, w.lotId, 'booking', syncWalkin(row!));
  return applied();
}
