import type Database from 'better-sqlite3';
import type { Bay, Booking, FloorCounts, Lot } from '../../../shared/contract';
import { BoothError } from '../../../shared/contract/errors';
import type { Actor } from '../core/actor';
import type { Core } from '../core/core';
import { newId } from '../core/ids';
import { record } from '../core/record';
import { BOOKING_COLUMNS } from '../bookings/rows';
import { reservedWindow, type BayStore } from './bay-store';
import { bayState, floorCounts, stateOf, type BayView, type SoonReservation, type StateTally } from './bay-state';
import { startOfLocalDay } from './local-day';

/** A pending booking holding its bay "reserved soon" (one rule for the whole lot and for a single bay). */
const SOON_WHERE = `status = 'pending' AND bay_id IS NOT NULL
  AND start_time <= @before AND start_time >= @after AND (end_time IS NULL OR end_time > @now)`;

function prepareFloor(sqlite: Database.Database) {
  const q = (sql: string) => sqlite.prepare(sql);
  return {
    views: q(`SELECT b.id, b.number, b.status, b.blocked_reason, b.booking_id, b.changed_at,
                k.vehicle_number AS occupant_plate, k.check_in_time AS occupant_since
              FROM bays b LEFT JOIN bookings k ON k.id = b.booking_id WHERE b.lot_id = ? ORDER BY b.number`),
    view: q(`SELECT b.id, b.lot_id, b.number, b.status, b.blocked_reason, b.booking_id, b.changed_at,
               k.vehicle_number AS occupant_plate, k.check_in_time AS occupant_since
             FROM bays b LEFT JOIN bookings k ON k.id = b.booking_id WHERE b.id = ?`),
    soon: q(`SELECT bay_id, id AS booking_id, vehicle_number, start_time FROM bookings
             WHERE lot_id = @lot AND ${SOON_WHERE} ORDER BY start_time`),
    soonAt: q(`SELECT id AS booking_id, vehicle_number, start_time FROM bookings
               WHERE bay_id = @bay AND ${SOON_WHERE} ORDER BY start_time LIMIT 1`),
    // Facts only (bay status, whether a booking holds it soon); stateOf turns them into states.
    tally: q(`SELECT b.status, EXISTS (SELECT 1 FROM bookings WHERE bay_id = b.id AND ${SOON_WHERE}) AS soon, count(*) AS n
              FROM bays b WHERE b.lot_id = @lot GROUP BY 1, 2`),
    arrivals: q('SELECT count(*) AS n FROM bookings WHERE lot_id = ? AND check_in_time >= ?'),
    revenue: q('SELECT coalesce(sum(amount_cents), 0) AS cents FROM booth_payments WHERE lot_id = ? AND created_at >= ?'),
    history: q(`SELECT ${BOOKING_COLUMNS} FROM bookings WHERE bay_id = ? ORDER BY coalesce(check_in_time, start_time) DESC LIMIT ?`),
    maxNumber: q('SELECT coalesce(max(number), 0) AS n, count(*) AS c FROM bays WHERE lot_id = ?'),
    above: q(`SELECT b.number, b.status,
                EXISTS (SELECT 1 FROM bookings k WHERE k.bay_id = b.id AND (k.status = 'active'
                  OR (k.status = 'pending' AND (k.end_time IS NULL OR k.end_time > @now)))) AS held
              FROM bays b WHERE b.lot_id = @lot AND b.number > @total ORDER BY b.number`),
    insertBay: q("INSERT INTO bays (id, lot_id, number, status, changed_at) VALUES (?, ?, ?, 'available', ?)"),
    deleteAbove: q('DELETE FROM bays WHERE lot_id = ? AND number > ?'),
    setTotal: q('UPDATE lots SET total_bays = ?, updated_at = ? WHERE id = ?'),
    block: q("UPDATE bays SET status = 'blocked', blocked_reason = ?, changed_at = ? WHERE id = ? AND status = 'available'"),
    unblock: q("UPDATE bays SET status = 'available', blocked_reason = NULL, changed_at = ? WHERE id = ? AND status = 'blocked'"),
  };
}

/** The floor grid: bay states and counts, bay history, the lot's bay count, blocking bays for maintenance. */
export class FloorService {
  private readonly s: ReturnType<typeof prepareFloor>;
  /** Whether each lot's FULL sign showed at its last count (the sign's hysteresis needs it). */
  private readonly signs = new Map<string, boolean>();

  constructor(
    private readonly core: Core,
    private readonly bays: BayStore,
  ) {
    this.s = prepareFloor(core.sqlite);
  }

  get(lotId: string): { lot: Lot; bays: Bay[]; counts: FloorCounts } {
    const lot = this.core.lots.get(lotId);
    const bays = this.bayStates(lot, this.core.now());
    return { lot, bays, counts: this.counts(lot, bays.map((b): StateTally => [b.state, 1])) };
  }

  /** One bay as the grid shows it: what a live grid re-reads when a change names that bay. */
  bay(bayId: string): Bay {
    const view = this.s.view.get(bayId) as (BayView & { lot_id: string }) | undefined;
    if (!view) throw new BoothError('not_found', 'No such bay', { bay_id: 'unknown bay' });
    const lot = this.core.lots.get(view.lot_id);
    const now = this.core.now();
    const w = reservedWindow(lot, now);
    const soon = this.s.soonAt.get({ bay: bayId, before: w.startsBefore, after: w.startsAfter, now }) as SoonReservation | undefined;
    return bayState(view, soon);
  }

  /** The occupancy counts alone (the grid refreshes them next to a single bay), counted by the database. */
  countsOf(lotId: string): FloorCounts {
    const lot = this.core.lots.get(lotId);
    const now = this.core.now();
    const w = reservedWindow(lot, now);
    const groups = this.s.tally.all({ lot: lot.id, before: w.startsBefore, after: w.startsAfter, now }) as { status: BayView['status']; soon: number; n: number }[];
    return this.counts(lot, groups.map((g): StateTally => [stateOf(g.status, g.soon === 1), g.n]));
  }

  history(bayId: string, limit: number): Booking[] {
    if (!this.bays.get(bayId)) throw new BoothError('not_found', 'No such bay', { bay_id: 'unknown bay' });
    return this.s.history.all(bayId, limit) as Booking[];
  }

  /**
   * Grows the lot with new available bays at the top, or shrinks it by removing the highest-numbered bays —
   * only if every one of them is available and holds no booking; otherwise nothing changes.
   */
  setBayCount(lotId: string, total: number, actor: Actor): FloorCounts {
    const { core } = this;
    const lot = core.lots.get(lotId);
    core.tx(() => {
      const now = core.now();
      const { n: top, c: count } = this.s.maxNumber.get(lot.id) as { n: number; c: number };
      if (total < top) {
        const doomed = this.s.above.all({ lot: lot.id, total, now }) as { number: number; status: string; held: number }[];
        const busy = doomed.filter((b) => b.status !== 'available' || b.held);
        if (busy.length > 0) {
          const list = busy.slice(0, 10).map((b) => `${b.number} (${b.held && b.status === 'available' ? 'booked' : b.status})`).join(', ');
          throw new BoothError('conflict', `Only available bays can be removed; in use: ${list}${busy.length > 10 ? ', …' : ''}`, {
            total_bays: `bays above ${total} are in use`,
          });
        }
        this.s.deleteAbove.run(lot.id, total);
      }
      for (let n = top + 1; n <= total; n++) this.s.insertBay.run(newId(), lot.id, n, now);
      this.s.setTotal.run(total, now, lot.id);
      core.lots.invalidate(lot.id);
      record(core, {
        kind: 'floor.set_bay_count',
        actorId: actor.staffId,
        lotId: lot.id,
        detail: { from: count, to: total },
        command: { type: 'lot.set_bay_count', payload: { lot_id: lot.id, total_bays: total } },
      }, now);
      core.notify({ kind: 'floor', lot_id: lot.id });
    });
    return this.countsOf(lot.id);
  }

  block(bayId: string, reason: string, actor: Actor): Bay {
    return this.setBlocked(bayId, reason, actor);
  }

  unblock(bayId: string, actor: Actor): Bay {
    return this.setBlocked(bayId, null, actor);
  }

  private setBlocked(bayId: string, reason: string | null, actor: Actor): Bay {
    const { core } = this;
    return core.tx(() => {
      const now = core.now();
      const bay = this.bays.get(bayId);
      if (!bay) throw new BoothError('not_found', 'No such bay', { bay_id: 'unknown bay' });
      if (reason !== null && bay.status !== 'available') {
        throw new BoothError('conflict', `Bay ${bay.number} is ${bay.status}: only an available bay can be blocked`, { bay_id: bay.status });
      }
      if (reason === null && bay.status !== 'blocked') throw new BoothError('conflict', `Bay ${bay.number} is not blocked`, { bay_id: bay.status });
      if (reason !== null) this.s.block.run(reason, now, bay.id);
      else this.s.unblock.run(now, bay.id);
      const kind = reason !== null ? 'floor.block' : 'floor.unblock';
      record(core, {
        kind,
        actorId: actor.staffId,
        lotId: bay.lot_id,
        detail: { bay_id: bay.id, bay_number: bay.number, reason, previous_reason: bay.blocked_reason },
        command: { type: reason !== null ? 'bay.block' : 'bay.unblock', payload: { lot_id: bay.lot_id, bay_id: bay.id, bay_number: bay.number, reason } },
      }, now);
      core.notify({ kind: 'bay', lot_id: bay.lot_id, bay_id: bay.id });
      return this.bay(bay.id);
    });
  }

  private bayStates(lot: Lot, now: number): Bay[] {
    const soon = this.reservations(lot, now);
    return (this.s.views.all(lot.id) as BayView[]).map((b) => bayState(b, soon.get(b.id)));
  }

  private reservations(lot: Lot, now: number): Map<string, SoonReservation> {
    const w = reservedWindow(lot, now);
    const rows = this.s.soon.all({ lot: lot.id, before: w.startsBefore, after: w.startsAfter, now }) as (SoonReservation & { bay_id: string })[];
    const byBay = new Map<string, SoonReservation>();
    for (const r of rows) if (!byBay.has(r.bay_id)) byBay.set(r.bay_id, r);
    return byBay;
  }

  private counts(lot: Lot, tallies: StateTally[]): FloorCounts {
    const since = startOfLocalDay(this.core.now(), lot.time_zone);
    const arrivals = (this.s.arrivals.get(lot.id, since) as { n: number }).n;
    const revenue = (this.s.revenue.get(lot.id, since) as { cents: number }).cents;
    const { due } = this.bays.room(lot, this.core.now());
    const counts = floorCounts(tallies, due, this.signs.get(lot.id) ?? false, arrivals, revenue);
    this.signs.set(lot.id, counts.full);
    return counts;
  }
}
