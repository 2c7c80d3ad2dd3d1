/**
 * Pure capacity arithmetic. A lot may hold, at every instant, at most (bays − blocked bays − bays held by
 * availability blocks − walk-ins inside, see walkins.ts) bookings. Counting every booking that touches a window would refuse valid bookings
 * (9–10 and 11–12 never meet), so this finds the true peak of simultaneous holds inside the window.
 */
export interface Hold {
  start: number;
  end: number;
  /** Bays held: 1 for a booking or a walk-in, `slots_affected` for an availability block. */
  weight: number;
}

/** The largest total weight of holds covering any instant of [from, to). Intervals are half-open. */
export function peakHolds(holds: Hold[], from: number, to: number): number {
  const events: Array<[number, number]> = [];
  for (const h of holds) {
    const s = Math.max(h.start, from);
    const e = Math.min(h.end, to);
    if (s >= e || h.weight === 0) continue;
    events.push([s, h.weight], [e, -h.weight]);
  }
  // At equal times ends come first: a booking ending at 10:00 frees its bay for one starting at 10:00.
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let current = 0;
  let peak = 0;
  for (const [, delta] of events) {
    current += delta;
    if (current > peak) peak = current;
  }
  return peak;
}

/** Whether one more booking over [from, to) fits `capacity` bays next to the existing holds. */
export function fits(holds: Hold[], capacity: number, from: number, to: number): boolean {
  return peakHolds(holds, from, to) + 1 <= capacity;
}
