import type Database from 'better-sqlite3';
import type { Lot } from '../../../shared/contract';
import type { Room } from './full';

/** A pre-booked booking assigned to a bay and starting within this long makes the bay "reserved soon". */
export const RESERVED_SOON_MINUTES = 30;
const MINUTE = 60_000;

export interface BayRow {
  id: string;
  lot_id: string;
  number: number;
  status: 'available' | 'occupied' | 'blocked';
  booking_id: string | null;
  blocked_reason: string | null;
  changed_at: number;
}

/** The time range in which a pending booking's bay counts as reserved: from its start (minus no-show) to soon. */
export function reservedWindow(lot: Pick<Lot, 'no_show_minutes'>, now: number): { startsBefore: number; startsAfter: number } {
  return {
    startsBefore: now + RESERVED_SOON_MINUTES * MINUTE,
    startsAfter: lot.no_show_minutes > 0 ? now - lot.no_show_minutes * MINUTE : Number.MIN_SAFE_INTEGER,
  };
}

/** Bay rows: lookups, the nearest free bay, and occupy/vacate (callers run these inside core.tx). */
export class BayStore {
  private readonly free: Database.Statement;
  private readonly byNumber: Database.Statement;
  private readonly byId: Database.Statement;
  private readonly occupyStmt: Database.Statement;
  private readonly vacateStmt: Database.Statement;
  private readonly reservedFor: Database.Statement;
  private readonly roomStmt: Database.Statement;

  constructor(sqlite: Database.Database) {
    this.free = sqlite.prepare(
      `SELECT b.id, b.number FROM bays b
       WHERE b.lot_id = @lot AND b.status = 'available'
         AND NOT EXISTS (SELECT 1 FROM bookings k
           WHERE k.bay_id = b.id AND k.status = 'pending' AND k.id <> @except
             AND k.start_time <= @before AND k.start_time >= @after AND (k.end_time IS NULL OR k.end_time > @now))
       ORDER BY b.number LIMIT 1`,
    );
    this.reservedFor = sqlite.prepare(
      `SELECT id FROM bookings WHERE bay_id = @bay AND status = 'pending' AND id <> @except
         AND start_time <= @before AND start_time >= @after AND (end_time IS NULL OR end_time > @now) LIMIT 1`,
    );
    this.roomStmt = sqlite.prepare(
      `SELECT (SELECT count(*) FROM bays WHERE lot_id = @lot AND status = 'available') AS free,
              (SELECT count(*) FROM bays WHERE lot_id = @lot AND status <> 'blocked') AS inService,
              (SELECT count(*) FROM bookings WHERE lot_id = @lot AND status = 'pending'
                 AND start_time <= @before AND start_time >= @after AND (end_time IS NULL OR end_time > @now)) AS due`,
    );
    this.byNumber = sqlite.prepare('SELECT * FROM bays WHERE lot_id = ? AND number = ?');
    this.byId = sqlite.prepare('SELECT * FROM bays WHERE id = ?');
    this.occupyStmt = sqlite.prepare(
      "UPDATE bays SET status = 'occupied', booking_id = ?, changed_at = ? WHERE id = ? AND status = 'available'",
    );
    this.vacateStmt = sqlite.prepare(
      "UPDATE bays SET status = 'available', booking_id = NULL, changed_at = ? WHERE id = ? AND booking_id = ?",
    );
  }

  /** Lowest-numbered bay that is available and not reserved soon for another booking. */
  nearestFree(lot: Lot, now: number, exceptBookingId = ''): { id: string; number: number } | null {
    const w = reservedWindow(lot, now);
    return (this.free.get({ lot: lot.id, except: exceptBookingId, before: w.startsBefore, after: w.startsAfter, now }) as
      | { id: string; number: number }
      | undefined) ?? null;
  }

  /** Whether another booking holds this bay as reserved soon. */
  isReservedForOther(bayId: string, lot: Lot, now: number, exceptBookingId: string): boolean {
    const w = reservedWindow(lot, now);
    return this.reservedFor.get({ bay: bayId, except: exceptBookingId, before: w.startsBefore, after: w.startsAfter, now }) !== undefined;
  }

  /** Free bays, the pre-booked cars due now that will need them, and the bays in service (see full.ts). */
  room(lot: Lot, now: number): Room {
    const w = reservedWindow(lot, now);
    return this.roomStmt.get({ lot: lot.id, before: w.startsBefore, after: w.startsAfter, now }) as Room;
  }

  find(lotId: string, number: number): BayRow | null {
    return (this.byNumber.get(lotId, number) as BayRow | undefined) ?? null;
  }

  get(id: string): BayRow | null {
    return (this.byId.get(id) as BayRow | undefined) ?? null;
  }

  /** False when the bay was not available (someone else is in it, or it is blocked). */
  occupy(bayId: string, bookingId: string, now: number): boolean {
    return this.occupyStmt.run(bookingId, now, bayId).changes === 1;
  }

  vacate(bayId: string, bookingId: string, now: number): void {
    this.vacateStmt.run(now, bayId, bookingId);
  }
}
