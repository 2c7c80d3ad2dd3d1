/**
 * The bookings indexes are partial (a row is in an index only when a query can find it there: see
 * db/booth/schema/bookings.ts). SQLite uses a partial index only when it can prove the query's WHERE implies the
 * index's, so a reworded query would silently fall back to reading the whole table. This records every statement
 * the booth prepares and asks SQLite for its plan: none may scan bookings.
 */
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOT_A, makeWorld, type World } from './fixtures/world';

const prepared = new Set<string>();
const original = Database.prototype.prepare;
let w: World;

beforeEach(() => {
  Database.prototype.prepare = function (this: Database.Database, source: string) {
    prepared.add(source);
    return original.call(this, source);
  } as typeof original;
  w = makeWorld({ bays: 4 });
});
afterEach(() => {
  Database.prototype.prepare = original;
  w.close();
});

/** Every parameter bound to null: the plan does not depend on the values. */
function plan(db: Database.Database, source: string): string[] {
  const stmt: Database.Statement<unknown[]> = original.call(db, `EXPLAIN QUERY PLAN ${source}`);
  const named = [...new Set([...source.matchAll(/@(\w+)/g)].map((m) => m[1]!))];
  const positional = (source.replace(/'[^']*'/g, '').match(/\?/g) ?? []).length;
  const args: unknown[] = named.length > 0 ? [Object.fromEntries(named.map((n) => [n, null]))] : Array.from({ length: positional }, () => null);
  return (stmt.all(...args) as { detail: string }[]).map((r) => r.detail);
}

/** The names `bookings` goes by in a statement: itself and its aliases (`FROM bookings k`). */
function bookingNames(source: string): string[] {
  const aliases = [...source.matchAll(/\bbookings\s+(?:AS\s+)?([a-z]\w*)/gi)].map((m) => m[1]!).filter((a) => !/^(WHERE|SET|ON|ORDER|JOIN|LEFT|VALUES|GROUP|LIMIT)$/i.test(a));
  return ['bookings', ...aliases];
}

describe('bookings indexes', () => {
  it('no statement the booth prepares reads the whole bookings table', async () => {
    // Exercise the services so that lazily prepared statements are recorded too.
    const ctx = await w.ctx('manager');
    const lot = LOT_A;
    await w.booth.handlers['floor.get']({ lot_id: lot }, ctx);
    await w.booth.handlers['gate.check']({ lot_id: lot, code: '1234' }, ctx);
    for (const by of ['plate', 'pin'] as const) await w.booth.handlers['release.find']({ lot_id: lot, by, value: '1234' }, ctx);
    const touching = [...prepared].filter((s) => /\bbookings\b/i.test(s) && /\bWHERE\b/i.test(s) && !/^\s*(INSERT|CREATE|DROP|PRAGMA)/i.test(s));
    expect(touching.length).toBeGreaterThan(10);
    const scans = touching
      .map((source) => ({ source, plan: plan(w.db, source) }))
      .filter(({ source, plan }) => plan.some((d) => bookingNames(source).some((n) => new RegExp(`^SCAN ${n}\\b`).test(d))));
    expect(scans).toEqual([]);
  });

  it('the gate finds a booking by PIN, and the floor its held bays, through the partial indexes', () => {
    const gate = plan(w.db, 'SELECT id FROM bookings WHERE lot_id = ? AND pin = ? AND end_time >= ? ORDER BY start_time LIMIT 20');
    expect(gate.join('\n')).toContain('bookings_lot_pin_idx');
    const live = plan(w.db, "SELECT id FROM bookings WHERE lot_id = ? AND pin = ? AND status IN ('pending', 'active') AND end_time >= ? ORDER BY start_time LIMIT 20");
    expect(live.join('\n')).toContain('bookings_lot_pin_live_idx');
    const held = plan(w.db, "SELECT id FROM bookings WHERE bay_id = ? AND status = 'pending' AND start_time <= ? LIMIT 1");
    expect(held.join('\n')).toContain('bookings_bay_held_idx');
    const arrivals = plan(w.db, 'SELECT count(*) FROM bookings WHERE lot_id = ? AND check_in_time >= ?');
    expect(arrivals.join('\n')).toContain('bookings_lot_arrivals_idx');
    // The cars due now, counted at every walk-in and floor count: by start time, not through a lot's every booking.
    const room = [...prepared].find((source) => source.includes('AS due'))!;
    expect(plan(w.db, room).join('\n')).toMatch(/bookings_lot_due_idx \(lot_id=\? AND start_time>\? AND start_time<\?\)/);
  });

  it('a pending booking with no pass, bay or check-in enters only the indexes that can find it', () => {
    const lot = LOT_A;
    w.db
      .prepare(
        `INSERT INTO bookings (id, lot_id, source, status, start_time, end_time, vehicle_number, plate_key, pin, created_at, updated_at)
         VALUES ('b-1', ?, 'prebooked', 'pending', 1, 2, 'AB1', 'AB1', '4321', 0, 0)`,
      )
      .run(lot);
    const entries = (name: string) => (w.db.prepare(`SELECT count(*) AS n FROM bookings INDEXED BY ${name} WHERE ${INDEX_WHERE[name]}`).get() as { n: number }).n;
    expect({
      pin: entries('bookings_lot_pin_idx'),
      livePin: entries('bookings_lot_pin_live_idx'),
      plate: entries('bookings_lot_plate_idx'),
      held: entries('bookings_bay_held_idx'),
      arrivals: entries('bookings_lot_arrivals_idx'),
    }).toEqual({ pin: 1, livePin: 1, plate: 1, held: 0, arrivals: 0 });
  });

  it('keeps no index on the pass text: the gate finds a pass by the booking id it signs', () => {
    const onPass = (w.db.prepare("SELECT name FROM pragma_index_list('bookings')").all() as { name: string }[]).filter(({ name }) =>
      (w.db.prepare('SELECT name FROM pragma_index_info(?)').all(name) as { name: string }[]).some((c) => c.name === 'qr_code'),
    );
    expect(onPass).toEqual([]);
  });
});

/** A WHERE that lets INDEXED BY use each index (the index's own condition, or a term implying it). */
const INDEX_WHERE: Record<string, string> = {
  bookings_lot_pin_idx: "lot_id IS NOT NULL AND pin > ''",
  bookings_lot_pin_live_idx: "lot_id IS NOT NULL AND pin > '' AND status IN ('pending', 'active')",
  bookings_lot_plate_idx: 'lot_id IS NOT NULL',
  bookings_bay_held_idx: "bay_id > ''",
  bookings_lot_arrivals_idx: 'lot_id IS NOT NULL AND check_in_time > 0',
};
