// A full lot: free bays are owed first to the pre-booked cars due now, then a 3 % buffer absorbs miscounts; a
// walk-in beyond that needs a reason, and the FULL sign clears with hysteresis.
import { afterEach, describe, expect, it } from 'vitest';
import { fullBuffer, fullSign, walkinSpare } from '../../src/main/booth/floor/full';
import { LOT_A, MIN, T0, type World, auditRows, makeWorld } from './fixtures/world';

describe('full lot rule (pure)', () => {
  it('keeps 3 % of the bays in service as a buffer, rounded down', () => {
    expect([10, 33, 34, 100, 120, 1000].map(fullBuffer)).toEqual([0, 0, 1, 3, 3, 30]);
  });

  it('owes free bays to the cars due first, then the buffer; never below zero', () => {
    expect(walkinSpare({ free: 10, due: 3, inService: 100 })).toBe(4);
    expect(walkinSpare({ free: 5, due: 6, inService: 100 })).toBe(0);
  });

  it('shows FULL at no spare bay and clears it only once two are spare (small lot)', () => {
    let full = false;
    const seen: boolean[] = [];
    for (const free of [3, 2, 1, 0, 1, 2, 1, 0]) {
      full = fullSign({ free, due: 0, inService: 10 }, full);
      seen.push(full);
    }
    expect(seen).toEqual([false, false, false, true, true, false, false, true]);
  });
});

describe('walk-ins at a full lot', () => {
  let w: World;
  afterEach(() => w.close());

  const walkin = async (plate: string, override_reason?: string) =>
    w.booth.handlers['walkin.admit']({ lot_id: LOT_A, vehicle_number: plate, override_reason }, await w.ctx());
  const counts = async () => w.booth.handlers['floor.counts']({ lot_id: LOT_A }, await w.ctx('manager'));

  it('keeps the bays pre-booked cars due now will need: walk-ins stop, and every pre-booked car gets a bay', async () => {
    w = makeWorld({ bays: 5 });
    // Three bookings synced from the API (no bay chosen yet), starting in 10 minutes.
    const due = ['P1', 'P2', 'P3'].map((plate, i) => w.addBooking({ plate, pin: `900${i}`, start: T0 + 10 * MIN, end: T0 + 130 * MIN }));
    expect((await walkin('W1')).bay_number).toBe(1);
    expect((await walkin('W2')).bay_number).toBe(2);
    await expect(walkin('W3')).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/^Lot full: the 3 free bays are owed to pre-booked cars due now/) });
    await expect(walkin('W3', 'VIP')).rejects.toMatchObject({ code: 'conflict' });
    expect(await counts()).toMatchObject({ available: 3, due_arrivals: 3, full: true });

    for (const b of due) {
      const d = await w.booth.handlers['gate.check']({ lot_id: LOT_A, code: b.pass }, await w.ctx());
      expect(d).toMatchObject({ decision: 'ADMIT' });
      expect(d.bay_number).toEqual(expect.any(Number));
    }
    expect(await counts()).toMatchObject({ available: 0, occupied: 5, due_arrivals: 0, full: true });
  });

  it('the buffer bay takes a walk-in only with a reason, audited; the sign clears once two bays are spare again', async () => {
    w = makeWorld({ bays: 34 }); // a buffer of one bay
    for (let i = 1; i <= 33; i++) await walkin(`C${i}`);
    expect(await counts()).toMatchObject({ available: 1, full: true });
    await expect(walkin('LATE')).rejects.toMatchObject({ code: 'conflict', fields: { override_reason: expect.any(String) } });
    const admitted = await walkin('LATE', 'driver of the owner');
    expect(admitted.bay_number).toBe(34);
    const audit = auditRows(w.db, 'walkin.admit').at(-1)!;
    expect(JSON.parse(audit.detail)).toMatchObject({ override_reason: 'driver of the owner', lot_full: true });

    // Cars leave one by one: FULL stays on with one or two bays spare (hysteresis), then clears.
    const release = async (plate: string) => {
      const [found] = await w.booth.handlers['release.find']({ lot_id: LOT_A, by: 'plate', value: plate }, await w.ctx());
      const quote = await w.booth.handlers['release.quote']({ booking_id: found!.id, lost_pass: false }, await w.ctx());
      await w.booth.handlers['release.complete']({ booking_id: found!.id, lost_pass: false, method: 'cash', amount_cents: quote.due_cents }, await w.ctx());
    };
    const signs: boolean[] = [];
    for (const plate of ['C1', 'C2', 'C3']) {
      await release(plate);
      signs.push((await counts()).full);
    }
    expect(signs).toEqual([true, true, false]);
  });
});
