import type { Bay, FloorCounts } from '../../../shared/contract';

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

/** A bay as the floor grid shows it (pure): blocked and occupied come from the bay; reserved soon from bookings. */
export function bayState(b: BayView, soon: SoonReservation | undefined): Bay {
  if (b.status === 'blocked') {
    return { id: b.id, number: b.number, state: 'blocked', blocked_reason: b.blocked_reason, booking_id: null, vehicle_number: null, since: b.changed_at };
  }
  if (b.status === 'occupied') {
    return { id: b.id, number: b.number, state: 'occupied', blocked_reason: null, booking_id: b.booking_id, vehicle_number: b.occupant_plate, since: b.occupant_since ?? b.changed_at };
  }
  if (soon) {
    return { id: b.id, number: b.number, state: 'reserved_soon', blocked_reason: null, booking_id: soon.booking_id, vehicle_number: soon.vehicle_number, since: soon.start_time };
  }
  return { id: b.id, number: b.number, state: 'available', blocked_reason: null, booking_id: null, vehicle_number: null, since: null };
}

/** Counts for the manager (pure). Occupancy is over the bays in service: blocked bays are not capacity. */
export function floorCounts(bays: readonly Bay[], arrivalsToday: number, revenueTodayCents: number): FloorCounts {
  const c = { available: 0, occupied: 0, reserved_soon: 0, blocked: 0 };
  for (const b of bays) c[b.state] += 1;
  const inService = bays.length - c.blocked;
  return {
    total: bays.length,
    ...c,
    occupancy_percent: inService === 0 ? 0 : Math.round((c.occupied / inService) * 1000) / 10,
    arrivals_today: arrivalsToday,
    revenue_today_cents: revenueTodayCents,
  };
}
