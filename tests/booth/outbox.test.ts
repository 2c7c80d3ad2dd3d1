import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChangeEvent } from '../../src/main/booth';
import { HOUR, LOT_A, T0, auditRows, makeWorld, outboxRows, type World } from './fixtures/world';

let w: World;
beforeEach(() => {
  w = makeWorld({ bays: 4 });
});
afterEach(() => w.close());

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('outbox and audit', () => {
  it('writes one audit row and one outbox command (UUIDv7) for every mutation, linked to each other', async () => {
    const manager = await w.ctx('manager');
    const b = w.addBooking({ pin: '1111', start: T0, end: T0 + HOUR });
    const h = w.booth.handlers;
    await h['gate.check']({ lot_id: LOT_A, code: '1111' }, manager);
    await h['gate.check']({ lot_id: LOT_A, code: '9999' }, manager);
    const walk = await h['walkin.admit']({ lot_id: LOT_A, vehicle_number: 'OB1' }, manager);
    await h['release.complete']({ booking_id: walk.booking.id, method: 'nil', amount_cents: 0, reason: 'test', lost_pass: false }, manager);
    await h['gate.override']({ lot_id: LOT_A, booking_id: b.id, reason: 'left and came back' }, manager);
    const bay = (await h['floor.get']({ lot_id: LOT_A }, manager)).bays[3]!;
    await h['floor.blockBay']({ bay_id: bay.id, reason: 'cones' }, manager);
    await h['floor.unblockBay']({ bay_id: bay.id }, manager);
    await h['floor.setBayCount']({ lot_id: LOT_A, total_bays: 6 }, manager);
    await h['staff.signOut']({ counted_cash_cents: 0 }, manager);

    const audit = auditRows(w.db);
    const outbox = outboxRows(w.db);
    expect(audit.map((a) => a.kind)).toEqual([
      'staff.sign_in', 'gate.decision', 'gate.decision', 'walkin.admit', 'release', 'gate.decision',
      'floor.block', 'floor.unblock', 'floor.set_bay_count', 'staff.sign_out',
    ]);
    expect(outbox.map((o) => o.type)).toEqual([
      'shift.open', 'booking.check_in', 'gate.denied', 'booking.walkin', 'booking.release', 'booking.check_in',
      'bay.block', 'bay.unblock', 'lot.set_bay_count', 'shift.close',
    ]);
    expect(outbox.every((o) => UUID_V7.test(o.id))).toBe(true);
    expect(audit.map((a) => a.outbox_id)).toEqual(outbox.map((o) => o.id));
    expect(audit.every((a) => a.actor_id === 'staff-manager')).toBe(true);
    const cmd = JSON.parse(outbox[4]!.payload) as Record<string, unknown>;
    expect(cmd).toMatchObject({ booking_id: walk.booking.id, booth_id: w.booth.boothId, actor_id: 'staff-manager', at: T0 });
  });

  it('writes nothing when an operation fails half-way (one transaction)', async () => {
    const ctx = await w.ctx();
    const before = { audit: auditRows(w.db).length, outbox: outboxRows(w.db).length };
    const occupied = await w.booth.handlers['walkin.admit']({ lot_id: LOT_A, vehicle_number: 'X1', bay_number: 1 }, ctx);
    await expect(async () => w.booth.handlers['walkin.admit']({ lot_id: LOT_A, vehicle_number: 'X2', bay_number: 1 }, ctx)).rejects.toMatchObject({ code: 'conflict' });
    expect(auditRows(w.db).length).toBe(before.audit + 1);
    expect(outboxRows(w.db).length).toBe(before.outbox + 1);
    expect(occupied.bay_number).toBe(1);
  });

  it('emits a change event after each committed mutation, for the live floor grid', async () => {
    const ctx = await w.ctx();
    const events: ChangeEvent[] = [];
    w.booth.events.on('change', (e: ChangeEvent) => events.push(e));
    const walk = await w.booth.handlers['walkin.admit']({ lot_id: LOT_A, vehicle_number: 'EV1' }, ctx);
    expect(events).toContainEqual(expect.objectContaining({ kind: 'bay', lot_id: LOT_A, bay_id: walk.booking.bay_id }));
    events.length = 0;
    await expect(async () => w.booth.handlers['walkin.admit']({ lot_id: LOT_A, vehicle_number: 'EV2', bay_number: 1 }, ctx)).rejects.toThrow();
    expect(events).toEqual([]); // rolled back: nothing to redraw
    await w.booth.handlers['gate.check']({ lot_id: LOT_A, code: 'junk' }, ctx);
    expect(events.map((e) => e.kind)).toEqual(['audit', 'decision']);
  });
});
