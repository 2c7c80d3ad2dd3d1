import type Database from 'better-sqlite3';
import type { Booking } from '../../../shared/contract';

/** Column list whose names are exactly the contract's Booking fields, so a row is a Booking as read. */
export const BOOKING_COLUMNS =
  'id, lot_id, bay_id, bay_number, vehicle_number, vehicle_model, remarks, source, status, start_time, end_time, ' +
  'check_in_time, check_out_time, pin, total_cost_cents, payment_status, parking_cost_cents';

/** Same list qualified by a table alias, for joins. */
export function bookingColumns(alias: string): string {
  return BOOKING_COLUMNS.split(', ')
    .map((c) => `${alias}.${c}`)
    .join(', ');
}

const cache = new WeakMap<Database.Database, Database.Statement>();

export function bookingById(sqlite: Database.Database, id: string): Booking | null {
  let stmt = cache.get(sqlite);
  if (!stmt) {
    stmt = sqlite.prepare(`SELECT ${BOOKING_COLUMNS} FROM bookings WHERE id = ?`);
    cache.set(sqlite, stmt);
  }
  return (stmt.get(id) as Booking | undefined) ?? null;
}

export interface NewBooking {
  id: string;
  lot_id: string;
  source: 'prebooked' | 'walkin';
  status: Booking['status'];
  start_time: number;
  end_time: number | null;
  vehicle_number: string;
  plate_key: string;
  vehicle_model?: string | null;
  remarks?: string | null;
  pin?: string | null;
  qr_code?: string | null;
  total_cost_cents?: number;
  payment_status?: 'pending' | 'paid' | 'failed' | 'refunded';
  bay_id?: string | null;
  bay_number?: number | null;
  check_in_time?: number | null;
  created_at: number;
}

const inserts = new WeakMap<Database.Database, Database.Statement>();

export function insertBooking(sqlite: Database.Database, b: NewBooking): void {
  let stmt = inserts.get(sqlite);
  if (!stmt) {
    stmt = sqlite.prepare(
      `INSERT INTO bookings (id, lot_id, source, status, start_time, end_time, vehicle_number, plate_key, vehicle_model,
        remarks, pin, qr_code, total_cost_cents, payment_status, bay_id, bay_number, check_in_time, created_at, updated_at)
       VALUES (@id, @lot_id, @source, @status, @start_time, @end_time, @vehicle_number, @plate_key, @vehicle_model,
        @remarks, @pin, @qr_code, @total_cost_cents, @payment_status, @bay_id, @bay_number, @check_in_time, @created_at, @created_at)`,
    );
    inserts.set(sqlite, stmt);
  }
  stmt.run({
    vehicle_model: null,
    remarks: null,
    pin: null,
    qr_code: null,
    total_cost_cents: 0,
    payment_status: 'pending',
    bay_id: null,
    bay_number: null,
    check_in_time: null,
    ...b,
  });
}
