/** Central rows → the sync protocol's shapes (epoch ms, cents), as the booths store them. */
import type { boothWalkins, bookings, syncConflicts } from '../../db/central/schema';
import { quoteStay } from '../../src/shared/fees';
import type { Conflict, SyncBooking, SyncLot } from '../../src/shared/sync/protocol';
import { decimalToCents, nullableCents } from '../db/money';
import { tariffOf } from '../spots/mapper';
import type { LotRow } from '../spots/repository';

const ms = (d: Date | null): number | null => (d ? d.getTime() : null);

const DAY_MS = 24 * 60 * 60_000;

export function syncLot(row: LotRow): SyncLot {
  const tariff = tariffOf(row);
  return {
    id: row.id,
    name: row.name,
    address: row.address,
    time_zone: row.timeZone,
    total_bays: row.totalSlots,
    tariff,
    entry_grace_minutes: row.entryGraceMinutes,
    exit_grace_minutes: row.exitGraceMinutes,
    no_show_minutes: row.noShowMinutes,
    // A car that lost its pass pays the lot's daily maximum (the brief), which the owner sets with the tariff.
    lost_pass_fee_cents: quoteStay(tariff, DAY_MS).amount_cents,
  };
}

export function syncBooking(row: typeof bookings.$inferSelect, bayNumber: number | null): SyncBooking {
  return {
    id: row.id,
    lot_id: row.spotId,
    bay_number: bayNumber,
    vehicle_number: row.vehicleNumber ?? '',
    vehicle_model: row.vehicleModel?.slice(0, 100) ?? null,
    remarks: row.remarks,
    source: 'prebooked',
    status: row.status,
    start_time: row.startTime.getTime(),
    end_time: row.endTime.getTime(),
    check_in_time: ms(row.checkInTime),
    check_out_time: ms(row.checkOutTime),
    pin: row.pin,
    qr_code: row.qrCode,
    total_cost_cents: decimalToCents(row.totalCost),
    parking_cost_cents: nullableCents(row.parkingCost),
    payment_status: row.paymentStatus,
  };
}

export function syncWalkin(row: typeof boothWalkins.$inferSelect): SyncBooking {
  return {
    id: row.id,
    lot_id: row.lotId,
    bay_number: row.bayNumber,
    vehicle_number: row.vehicleNumber,
    vehicle_model: row.vehicleModel,
    remarks: row.remarks,
    source: 'walkin',
    status: row.status as SyncBooking['status'],
    start_time: row.checkInTime.getTime(),
    end_time: null,
    check_in_time: row.checkInTime.getTime(),
    check_out_time: ms(row.checkOutTime),
    pin: null,
    qr_code: row.qrCode,
    total_cost_cents: 0,
    parking_cost_cents: nullableCents(row.parkingCost),
    payment_status: row.paymentStatus as SyncBooking['payment_status'],
  };
}

export function syncConflict(row: typeof syncConflicts.$inferSelect): Conflict {
  return {
    id: row.id,
    lot_id: row.lotId,
    booking_id: row.bookingId,
    kind: row.kind,
    detail: row.detail as Record<string, unknown>,
    created_at: row.createdAt.getTime(),
    resolved_at: ms(row.resolvedAt),
    resolution: row.resolution,
  };
}
