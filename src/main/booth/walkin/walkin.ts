import type Database from 'better-sqlite3';
import type { Booking, Lot } from '../../../shared/contract';
import { BoothError } from '../../../shared/contract/errors';
import { MAX_PLATE_BYTES } from '../../../shared/pass';
import { normalizePlate } from '../../../shared/plate';
import type { Actor } from '../core/actor';
import type { Core } from '../core/core';
import { newId } from '../core/ids';
import { record } from '../core/record';
import { bookingById, insertBooking } from '../bookings/rows';
import type { BayStore } from '../floor/bay-store';
import { walkinSpare } from '../floor/full';
import type { ShiftStore } from '../staff/shifts';
import { checkWalkinLease } from '../sync/lease';

export interface WalkinInput {
  lot_id: string;
  vehicle_number: string;
  vehicle_model?: string | undefined;
  bay_number?: number | undefined;
  override_reason?: string | undefined;
}

/** Walk-ins: a car with no booking gets a booking checked in now, a bay, and a pass signed by this booth. */
export class WalkinService {
  private readonly inside: Database.Statement;

  constructor(
    private readonly core: Core,
    private readonly bays: BayStore,
    private readonly shifts: ShiftStore,
  ) {
    this.inside = core.sqlite.prepare("SELECT id, bay_number FROM bookings WHERE lot_id = ? AND plate_key = ? AND status = 'active' LIMIT 1");
  }

  suggestBay(lotId: string): number | null {
    const lot = this.core.lots.get(lotId);
    return this.bays.nearestFree(lot, this.core.now())?.number ?? null;
  }

  admit(input: WalkinInput, actor: Actor): { booking: Booking; pass: string; bay_number: number } {
    const { core } = this;
    const lot = core.lots.get(input.lot_id);
    const plateKey = normalizePlate(input.vehicle_number);
    if (!plateKey) throw new BoothError('invalid_input', 'A plate needs letters or digits', { vehicle_number: 'empty plate' });
    if (Buffer.byteLength(plateKey) > MAX_PLATE_BYTES) throw new BoothError('invalid_input', 'Plate too long', { vehicle_number: 'too long' });
    return core.tx(() => {
      const now = core.now();
      const already = this.inside.get(lot.id, plateKey) as { id: string; bay_number: number | null } | undefined;
      // Anti-passback for walk-ins: the same plate cannot be inside twice unless staff say why.
      if (already && !input.override_reason) {
        throw new BoothError('conflict', `${plateKey} is already inside${already.bay_number ? ` (bay ${already.bay_number})` : ''}`, {
          vehicle_number: 'already inside',
        });
      }
      checkWalkinLease(core.sqlite, lot.id, actor.staffId, input.override_reason);
      const room = this.bays.room(lot, now);
      const full = walkinSpare(room) === 0;
      // The last free bays are owed to pre-booked cars due now, never to a walk-in; a small buffer above them
      // absorbs miscounts, and staff may use a buffer bay with a reason (they can see it is free). With no free
      // bay at all, pickBay says so.
      if (full && room.free > 0) {
        const bays = `the ${room.free} free bay${room.free === 1 ? ' is' : 's are'}`;
        if (room.free <= room.due) throw new BoothError('conflict', `Lot full: ${bays} owed to pre-booked cars due now`, { bay_number: 'lot full' });
        if (!input.override_reason) {
          throw new BoothError('conflict', `Lot full: ${bays} kept for ${room.due} pre-booked arrival${room.due === 1 ? '' : 's'} due now and a buffer; admit with a reason`, {
            override_reason: 'lot full: a reason is needed',
          });
        }
      }
      const bay = this.pickBay(lot, input.bay_number, now);
      const id = newId();
      // A walk-in pass is a release ticket, not an entry right: its window closes at once, so a booth that has
      // not seen this booking answers "expired" rather than admitting the car a second time.
      const pass = core.keys.signer.sign({ booking_id: id, lot_id: lot.id, valid_from: now, valid_until: now, plate: plateKey });
      insertBooking(core.sqlite, {
        id, lot_id: lot.id, source: 'walkin', status: 'active', start_time: now, end_time: null,
        vehicle_number: input.vehicle_number.trim(), plate_key: plateKey, vehicle_model: input.vehicle_model?.trim() || null,
        remarks: input.override_reason ?? null, qr_code: pass, bay_id: bay.id, bay_number: bay.number, check_in_time: now, created_at: now,
      });
      if (!this.bays.occupy(bay.id, id, now)) throw new Error(`bay ${bay.number} was taken inside the transaction`);
      this.shifts.countEntry(actor.shiftId);
      const booking = bookingById(core.sqlite, id) as Booking;
      record(core, {
        kind: 'walkin.admit',
        actorId: actor.staffId,
        lotId: lot.id,
        bookingId: id,
        detail: { bay_number: bay.number, vehicle_number: booking.vehicle_number, override_reason: input.override_reason ?? null, already_inside: already?.id ?? null, lot_full: full },
        command: { type: 'booking.walkin', payload: { booking, qr_code: pass } },
      }, now);
      core.notify({ kind: 'bay', lot_id: lot.id, bay_id: bay.id, booking_id: id });
      return { booking, pass, bay_number: bay.number };
    });
  }

  /** The requested bay if it is free and not reserved soon for someone else, else the nearest free one. */
  private pickBay(lot: Lot, requested: number | undefined, now: number): { id: string; number: number } {
    if (requested === undefined) {
      const free = this.bays.nearestFree(lot, now);
      if (!free) throw new BoothError('conflict', 'Lot full: no free bay', { bay_number: 'lot full' });
      return free;
    }
    const bay = this.bays.find(lot.id, requested);
    if (!bay) throw new BoothError('not_found', `Lot has no bay ${requested}`, { bay_number: 'no such bay' });
    if (bay.status !== 'available') throw new BoothError('conflict', `Bay ${requested} is ${bay.status}`, { bay_number: bay.status });
    if (this.bays.isReservedForOther(bay.id, lot, now, '')) {
      throw new BoothError('conflict', `Bay ${requested} is reserved for a booking arriving soon`, { bay_number: 'reserved soon' });
    }
    return bay;
  }
}
