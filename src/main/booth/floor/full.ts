/**
 * When a lot is full (pure). Free bays are first owed to the pre-booked cars due now; a small buffer of what is
 * left (3 % of the bays in service) absorbs counting errors: a car across two bays, a bay miscounted. A walk-in
 * may take a bay only above that; below it, staff admit one only with a reason. The FULL sign comes on at the
 * buffer and goes off only once a few more bays are spare (hysteresis), so it does not flicker with every car.
 */
export const FULL_BUFFER_SHARE = 0.03;
export const FULL_HYSTERESIS_SHARE = 0.02;

export interface Room {
  /** Bays available now (not occupied, not blocked), including those reserved soon for a booking. */
  free: number;
  /** Pre-booked cars due now (within their entry window, not yet a no-show) that have not arrived. */
  due: number;
  /** Bays not blocked. */
  inService: number;
}

/** Bays kept back from walk-ins: rounds down, so a lot under 34 bays keeps none. */
export const fullBuffer = (inService: number): number => Math.floor(inService * FULL_BUFFER_SHARE);

/** Bays a walk-in may take without a reason. */
export const walkinSpare = (room: Room): number => Math.max(0, room.free - room.due - fullBuffer(room.inService));

/** Whether the FULL sign shows, given whether it showed before. */
export function fullSign(room: Room, wasFull: boolean): boolean {
  const spare = walkinSpare(room);
  if (!wasFull) return spare === 0;
  return spare <= Math.max(1, Math.floor(room.inService * FULL_HYSTERESIS_SHARE));
}
