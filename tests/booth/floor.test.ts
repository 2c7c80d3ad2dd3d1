import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HOUR, LOT_A, MIN, T0, auditRows, makeWorld, outboxRows, type World } from './fixtures/world';

let w: World;
beforeEach(() => {
  w = makeWorld({ bays: 6 });
});
afterEach(() => w.close());

const h = () => w.booth.handlers;
const bayId = (n: number) => (w.db.prepare('SELECT id FROM bays WHERE lot_id = ? AND number = ?').get(LOT_A, n) as { id: string }).id;

describe('floor', () => {
  it('shows every bay with its state and who is in it, and the counts', async () => {
    const ctx = await w.ctx('manager');
    w.addBooking({ plate: 'IN1', start: T0 - HOUR, end: T0 + HOUR, status: 'active', bay: 2 });
    w.addBooking({ plate: 'SOON1', start: T0 + 20 * MIN, end: T0 + 2 * HOUR, bay: 3 });
    w.addBooking({ plate: 'LATER1', start: T0 + 3 * HOUR, end: T0 + 4 * HOUR, bay: 4 });
    await h()['floor.blockBay']({ bay_id: bayId(5), reason: 'oil spill' }, ctx);
    const walk = await h()['walkin.admit']({ lot_id: LOT_A, vehicle_number: 'WALK1' }, ctx);
    expect(walk.bay_number).toBe(1);
    const f = await h()['floor.get']({ lot_id: LOT_A }, ctx);
    expect(f.bays.map((b) => [b.number, b.state, b.vehicle_number])).toEqual([
      [1, 'occupied', 'WALK1'],
      [2, 'occupied', 'IN1'],
      [3, 'reserved_soon', 'SOON1'],
      [4, 'available', null],
      [5, 'blocked', null],
      [6, 'available', null],
    ]);
    expect(f.bays[4]?.blocked_reason).toBe('oil spill');
    expect(f.counts).toMatchObject({ total: 6, available: 2, occupied: 2, reserved_soon: 1, blocked: 1, occupancy_percent: 40, arrivals_today: 2 });
  });

  it('reads one bay the way the grid shows it, and the counts alone, both matching the whole floor', async () => {
    const ctx = await w.ctx('attendant');
    const manager = await w.ctx('manager');
    w.addBooking({ plate: 'IN2', start: T0 - HOUR, end: T0 + HOUR, status: 'active', bay: 2 });
    const soon = w.addBooking({ plate: 'SOON2', start: T0 + 25 * MIN, end: T0 + 2 * HOUR, bay: 3 });
    w.addBooking({ plate: 'LATER2', start: T0 + 31 * MIN, end: T0 + 2 * HOUR, bay: 4 });
    await h()['floor.blockBay']({ bay_id: bayId(5), reason: 'line painting' }, manager);

    expect(await h()['floor.bay']({ bay_id: bayId(2) }, ctx)).toMatchObject({ number: 2, state: 'occupied', vehicle_number: 'IN2', since: T0 - HOUR });
    expect(await h()['floor.bay']({ bay_id: bayId(3) }, ctx)).toMatchObject({ number: 3, state: 'reserved_soon', vehicle_number: 'SOON2', booking_id: soon.id });
    expect(await h()['floor.bay']({ bay_id: bayId(4) }, ctx)).toMatchObject({ number: 4, state: 'available', vehicle_number: null, booking_id: null });
    expect(await h()['floor.bay']({ bay_id: bayId(5) }, ctx)).toMatchObject({ number: 5, state: 'blocked', blocked_reason: 'line painting' });
    // Once its window has passed the reserved-soon threshold, bay 4 turns too.
    w.clock.t += 2 * MIN;
    expect((await h()['floor.bay']({ bay_id: bayId(4) }, ctx)).state).toBe('reserved_soon');

    const whole = await h()['floor.get']({ lot_id: LOT_A }, ctx);
    for (const b of whole.bays) expect(await h()['floor.bay']({ bay_id: b.id }, ctx)).toEqual(b);
    expect(await h()['floor.counts']({ lot_id: LOT_A }, ctx)).toEqual(whole.counts);
    expect(whole.counts).toMatchObject({ occupied: 1, reserved_soon: 2, blocked: 1, available: 2 });
    await expect(async () => h()['floor.bay']({ bay_id: 'no-such-bay' }, ctx)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('does not give a bay reserved soon to a walk-in', async () => {
    const ctx = await w.ctx();
    w.addBooking({ start: T0 + 10 * MIN, end: T0 + HOUR, bay: 1 });
    expect((await h()['walkin.admit']({ lot_id: LOT_A, vehicle_number: 'W1' }, ctx)).bay_number).toBe(2);
  });

  it('grows the lot with new available bays', async () => {
    const ctx = await w.ctx('manager');
    const counts = await h()['floor.setBayCount']({ lot_id: LOT_A, total_bays: 9 }, ctx);
    expect(counts).toMatchObject({ total: 9, available: 9 });
    expect((await h()['floor.get']({ lot_id: LOT_A }, ctx)).lot.total_bays).toBe(9);
    expect(outboxRows(w.db).filter((o) => o.type === 'lot.set_bay_count')).toHaveLength(1);
  });

  it('removes only available bays: shrinking over an occupied bay fails and changes nothing', async () => {
    const ctx = await w.ctx('manager');
    w.addBooking({ start: T0 - HOUR, end: T0 + HOUR, status: 'active', bay: 5 });
    const auditBefore = auditRows(w.db).length;
    await expect(async () => h()['floor.setBayCount']({ lot_id: LOT_A, total_bays: 3 }, ctx)).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('5 (occupied)'),
    });
    expect((w.db.prepare('SELECT count(*) AS n FROM bays WHERE lot_id = ?').get(LOT_A) as { n: number }).n).toBe(6);
    expect((await h()['floor.get']({ lot_id: LOT_A }, ctx)).lot.total_bays).toBe(6);
    expect(auditRows(w.db).length).toBe(auditBefore);
    // Shrinking to just above the occupied bay works and keeps it.
    expect(await h()['floor.setBayCount']({ lot_id: LOT_A, total_bays: 5 }, ctx)).toMatchObject({ total: 5, occupied: 1 });
  });

  it('keeps the history of a removed bay, and refuses to remove a bay booked for a coming booking', async () => {
    const ctx = await w.ctx('manager');
    const { booking } = await h()['walkin.admit']({ lot_id: LOT_A, vehicle_number: 'HIST1', bay_number: 6 }, ctx);
    await h()['release.complete']({ booking_id: booking.id, method: 'nil', amount_cents: 0, reason: 'test car', lost_pass: false }, ctx);
    await h()['floor.setBayCount']({ lot_id: LOT_A, total_bays: 5 }, ctx);
    expect(w.db.prepare('SELECT bay_id, bay_number FROM bookings WHERE id = ?').get(booking.id)).toEqual({ bay_id: null, bay_number: 6 });
    w.addBooking({ start: T0 + 5 * HOUR, end: T0 + 6 * HOUR, bay: 5 });
    await expect(async () => h()['floor.setBayCount']({ lot_id: LOT_A, total_bays: 4 }, ctx)).rejects.toMatchObject({
      message: expect.stringContaining('5 (booked)'),
    });
  });

  it('blocks and unblocks a bay with a reason; an occupied bay cannot be blocked', async () => {
    const ctx = await w.ctx('manager');
    w.addBooking({ start: T0 - HOUR, end: T0 + HOUR, status: 'active', bay: 1 });
    await expect(async () => h()['floor.blockBay']({ bay_id: bayId(1), reason: 'painting' }, ctx)).rejects.toMatchObject({ code: 'conflict' });
    expect(await h()['floor.blockBay']({ bay_id: bayId(2), reason: 'painting' }, ctx)).toMatchObject({ number: 2, state: 'blocked', blocked_reason: 'painting' });
    expect((await h()['walkin.admit']({ lot_id: LOT_A, vehicle_number: 'W2' }, ctx)).bay_number).toBe(3);
    expect(await h()['floor.unblockBay']({ bay_id: bayId(2) }, ctx)).toMatchObject({ state: 'available', blocked_reason: null });
    await expect(async () => h()['floor.unblockBay']({ bay_id: bayId(2) }, ctx)).rejects.toMatchObject({ code: 'conflict' });
    expect(auditRows(w.db).filter((a) => a.kind.startsWith('floor.')).map((a) => a.kind)).toEqual(['floor.block', 'floor.unblock']);
  });

  it('refuses manager operations to an attendant, even called straight on the core', async () => {
    const ctx = await w.ctx('attendant');
    await expect(async () => h()['floor.setBayCount']({ lot_id: LOT_A, total_bays: 2 }, ctx)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(async () => h()['floor.blockBay']({ bay_id: bayId(1), reason: 'whatever' }, ctx)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(async () => h()['audit.list']({ limit: 10 }, ctx)).rejects.toMatchObject({ code: 'forbidden' });
    expect((w.db.prepare('SELECT count(*) AS n FROM bays WHERE lot_id = ?').get(LOT_A) as { n: number }).n).toBe(6);
  });

  it('lists a bay history newest first', async () => {
    const ctx = await w.ctx();
    const first = await h()['walkin.admit']({ lot_id: LOT_A, vehicle_number: 'H1', bay_number: 4 }, ctx);
    w.clock.t += HOUR;
    await h()['release.complete']({ booking_id: first.booking.id, method: 'card', amount_cents: 400, lost_pass: false }, ctx);
    const second = await h()['walkin.admit']({ lot_id: LOT_A, vehicle_number: 'H2', bay_number: 4 }, ctx);
    const history = await h()['floor.bayHistory']({ bay_id: bayId(4), limit: 10 }, ctx);
    expect(history.map((b) => b.id)).toEqual([second.booking.id, first.booking.id]);
  });
});
