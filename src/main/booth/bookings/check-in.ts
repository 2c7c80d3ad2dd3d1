import type Database from 'better-sqlite3';
import type { Booking, Lot } from '../../../shared/contract';
import type { BayStore } from '../floor/bay-store';

/**
 * Marks a booking inside: status active, check-in time, and a bay (its own if free, else the nearest free one;
 * none when the lot is full — a pre-booked driver still has a right to enter). Runs inside core.tx.
 */
export class CheckIn {
  private readonly update: Database.Statement;

  constructor(
    sqlite: Database.Database,
    private readonly bays: BayStore,
  ) {
    this.update = sqlite.prepare(
      `UPDATE bookings SET status = 'active', check_in_time = ?, check_out_time = NULL, bay_id = ?, bay_number = ?, updated_at = ?
       WHERE id = ?`,
    );
  }

  run(booking: Booking, lot: Lot, now: number): Booking {
    let bay: { id: string; number: number } | null = null;
    if (booking.bay_id) {
      const own = this.bays.get(booking.bay_id);
      if (own && own.status === 'available' && !this.bays.isReservedForOther(own.id, lot, now, booking.id)) bay = own;
    }
    bay ??= this.bays.nearestFree(lot, now, booking.id);
    if (bay && !this.bays.occupy(bay.id, booking.id, now)) bay = null;
    this.update.run(now, bay?.id ?? null, bay?.number ?? null, now, booking.id);
    return { ...booking, status: 'active', check_in_time: now, check_out_time: null, bay_id: bay?.id ?? null, bay_number: bay?.number ?? null };
  }
}
