import type { Bay, FloorCounts } from '../../../shared/contract';
import { fullSign } from './full';

export interface BayView {
  id: string;
  number: number;
  status: 'available' | 'occupied' | 'blocked';
  blocked_reason: string | null;
  booking_id: string | null;
  changed_at: number;
  occupant_plate: string | null;
  occupant_since: number | null;
}

export interface SoonReservation {
  booking_id: string;
  vehicle_number: string;
  start_time: number;
}

/** The one state rule: blocked and occupied come from the bay; an available bay is reserved soon if a booking holds it. */
export function stateOf(status: BayView['status'], reservedSoon: boolean): Bay['state'] {
  if (status === 'available' && reservedSoon) return 'reserved_soon';
  return status;
}

/** A bay as the floor grid shows it (pure). */
export function bayState(b: BayView, soon: SoonReservation | undefined): Bay {
  const state = stateOf(b.status, soon !== undefined);
  if (state === 'blocked') {
    return { id: b.id, number: b.number, state: 'blocked', blocked_reason: b.blocked_reason, booking_id: null, vehicle_number: null, since: b.changed_at };
  }
  if (state === 'occupied') {
    return { id: b.id, number: b.number, state: 'occupied', blocked_reason: null, booking_id: b.booking_id, vehicle_number: b.occupant_plate, since: b.occupant_since ?? b.changed_at };
  }
  if (state === 'reserved_soon' && soon) {
    return { id: b.id, number: b.number, state: 'reserved_soon', blocked_reason: null, booking_id: soon.booking_id, vehicle_number: soon.vehicle_number, since: soon.start_time };
  }
  return { id: b.id, number: b.number, state: 'available', blocked_reason: null, booking_id: null, vehicle_number: null, since: null };
}

/** A number of bays in one state: a bay (1) or a group counted by the database. */
export type StateTally = readonly [Bay['state'], number];

/**
 * Counts for the manager (pure). Occupancy is over the bays in service: blocked bays are not capacity.
 * `due`: pre-booked cars due now; `wasFull`: whether the FULL sign showed at the last count.
 */
export function floorCounts(tallies: Iterable<StateTally>, due: number, wasFull: boolean, arrivalsToday: number, revenueTodayCents: number): FloorCounts {
  const c = { available: 0, occupied: 0, reserved_soon: 0, blocked: 0 };
  let total = 0;
  for (const [state, n] of tallies) {
    c[state] += n;
    total += n;
  }
  const inService = total - c.blocked;
  return {
    total,
    ...c,
    occupancy_percent: inService === 0 ? 0 : Math.round((c.occupied / inService) * 1000) / 10,
    due_arrivals: due,
    full: fullSign({ free: c.available + c.reserved_soon, due, inService }, wasFull),
    arrivals_today: arrivalsToday,
    revenue_today_cents: revenueTodayCents,
  };
}
