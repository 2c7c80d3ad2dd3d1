import type { Booking } from '../../src/shared/api/bookings';
import { decimalToCents, nullableCents } from '../db/money';
import type { BookingRow } from './repository';

export function toBooking(row: BookingRow): Booking {
  return {
    id: row.id,
    spot_id: row.spotId,
    user_id: row.userId,
    vehicle_id: row.vehicleId,
    bay_id: row.bayId,
    start_time: row.startTime.toISOString(),
    end_time: row.endTime.toISOString(),
    total_cost_cents: decimalToCents(row.totalCost),
    status: row.status,
    qr_code: row.qrCode,
    pin: row.pin,
    payment_intent_id: row.paymentIntentId,
    payment_status: row.paymentStatus,
    check_in_time: row.checkInTime?.toISOString() ?? null,
    check_out_time: row.checkOutTime?.toISOString() ?? null,
    vehicle_number: row.vehicleNumber,
    vehicle_model: row.vehicleModel,
    remarks: row.remarks,
    parking_cost_cents: nullableCents(row.parkingCost),
    refund_amount_cents: nullableCents(row.refundAmount),
    cancelled_at: row.cancelledAt?.toISOString() ?? null,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}
