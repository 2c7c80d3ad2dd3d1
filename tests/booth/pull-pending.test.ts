// A pull meets a booking the booth has changed and not pushed yet. The booth's change must not be overwritten by
// the API's older row, and the API's row must not be lost either: it is applied once the push has gone.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PullResponse, SyncBooking } from '../../src/shared/sync/protocol';
import { HOUR, LOT_A, T0, type World, makeWorld } from './fixtures/world';

let w: World;
beforeEach(() => {
  w = makeWorld();
});
afterEach(() => w.close());

const check = async (code: string) => w.booth.handlers['gate.check']({ lot_id: LOT_A, code }, await w.ctx());
const cursor = () => (w.db.prepare('SELECT cursor FROM sync_state WHERE lot_id = ?').get(LOT_A) as { cursor: number } | undefined)?.cursor;
const status = (id: string) => (w.db.prepare('SELECT status FROM bookings WHERE id = ?').get(id) as { status: string }).status;

/** The API's row for a booking the fixture added, with `over` applied. */
function apiRow(b: { id: string; pass: string; pin: string | null }, start: number, end: number, over: Partial<SyncBooking>): SyncBooking {
  return {
    id: b.id, lot_id: LOT_A, bay_number: null, vehicle_number: 'AB12CDE', vehicle_model: null, remarks: null, source: 'prebooked', status: 'pending',
    start_time: start, end_time: end, check_in_time: null, check_out_time: null, pin: b.pin, qr_code: b.pass, total_cost_cents: 1200,
    parking_cost_cents: null, payment_status: 'paid', ...over,
  };
}

/** Applies one pulled page holding these booking changes, in order, from seq `first` on. */
function pull(first: number, ...rows: SyncBooking[]): void {
  const changes = rows.map((data, i) => ({ seq: first + i, lot_id: LOT_A, entity: 'booking', data }));
  const page = { snapshots: [], changes, cursors: { [LOT_A]: first + rows.length - 1 }, leases: [], more: false, server_time: w.clock.t };
  w.booth.sync.writer.applyPull(page as PullResponse, w.clock.t);
}

const pushed = () => w.db.prepare("UPDATE outbox SET status = 'applied' WHERE status = 'pending'").run();

describe('a pull and the booth’s own unpushed changes', () => {
  it('a recorded DENY does not hold back the API’s cancellation: the cancelled booking is refused at the gate', async () => {
    const start = T0 + 2 * HOUR;
    const b = w.addBooking({ pin: '4444', start, end: start + 2 * HOUR });
    expect((await check('4444')).reason).toBe('too_early'); // recorded, with a command still to push
    pull(7, apiRow(b, start, start + 2 * HOUR, { status: 'cancelled', payment_status: 'refunded' }));
    expect(status(b.id)).toBe('cancelled');
    expect(cursor()).toBe(7);
    w.clock.t = start;
    const later = await check('4444');
    expect(later.decision).toBe('DENY');
    expect(later.reason).toBe('cancelled');
  });

  it('a check-in not yet pushed keeps the car inside; the API’s row is read again after the push, not skipped', async () => {
    const b = w.addBooking({ pin: '5555', start: T0 - 10 * 60_000, end: T0 + 2 * HOUR });
    const admitted = await check('5555');
    expect(admitted.decision).toBe('ADMIT');
    // The API's row from before the check-in reached it (the driver extended the booking meanwhile).
    pull(7, apiRow(b, T0 - 10 * 60_000, T0 + 3 * HOUR, {}));
    expect(status(b.id)).toBe('active');
    expect(cursor()).toBe(6);

    // Pushed and applied; the next pull starts again at 7 and brings the extension and, after it, the check-in.
    pushed();
    w.booth.sync.writer.startPull();
    const extended = apiRow(b, T0 - 10 * 60_000, T0 + 3 * HOUR, {});
    pull(7, extended, { ...extended, status: 'active', check_in_time: T0, bay_number: admitted.bay_number ?? null });
    expect(cursor()).toBe(8);
    const row = w.db.prepare('SELECT status, end_time, bay_number FROM bookings WHERE id = ?').get(b.id);
    expect(row).toEqual({ status: 'active', end_time: T0 + 3 * HOUR, bay_number: admitted.bay_number });
  });

  it('a cursor held on one page of a pull stays held through its later pages', async () => {
    const b = w.addBooking({ pin: '6666', start: T0 - 10 * 60_000, end: T0 + 2 * HOUR });
    const other = w.addBooking({ pin: '7777', start: T0 + HOUR, end: T0 + 2 * HOUR });
    expect((await check('6666')).decision).toBe('ADMIT');
    w.booth.sync.writer.startPull();
    pull(7, apiRow(b, T0 - 10 * 60_000, T0 + 3 * HOUR, {}));
    pull(8, apiRow(other, T0 + HOUR, T0 + 2 * HOUR, { status: 'cancelled' }));
    expect(status(other.id)).toBe('cancelled'); // the rest of the page is applied
    expect(cursor()).toBe(6); // but the lot's cursor stays before the row it skipped
    // The next pull, after the push, starts there again.
    pushed();
    w.booth.sync.writer.startPull();
    pull(7, apiRow(b, T0 - 10 * 60_000, T0 + 3 * HOUR, { status: 'active', check_in_time: T0 }), apiRow(other, T0 + HOUR, T0 + 2 * HOUR, { status: 'cancelled' }));
    expect(cursor()).toBe(8);
  });
});
