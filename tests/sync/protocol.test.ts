import { v7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { BOOKING_COLUMNS, PullPage, PullResponse, type SyncBooking, SyncBooking as SyncBookingSchema, bookingRow } from '../../src/shared/sync/protocol';

const lotId = v7();
const otherLot = v7();
const booking = (over: Partial<SyncBooking> = {}): SyncBooking => ({
  id: v7(), lot_id: lotId, bay_number: null, vehicle_number: 'KA01AB1234', vehicle_model: 'Estate', remarks: null, source: 'prebooked',
  status: 'pending', start_time: 1_764_300_000_000, end_time: 1_764_307_200_000, check_in_time: null, check_out_time: null, pin: '0420',
  qr_code: 'PP1.abc', total_cost_cents: 800, parking_cost_cents: null, payment_status: 'paid', ...over,
});
const bay = { number: 3, status: 'available' as const, blocked_reason: 'paint' };
const envelope = { cursors: { [lotId]: 12, [otherLot]: 4 }, snapshots: [], more: true, server_time: 1_764_300_000_000, leases: [] };

/** The same page, once as the objects PullResponse and once as the PullPage the API writes for `format: rows`. */
function samePage() {
  const [a, b, c] = [booking(), booking({ status: 'active', bay_number: 2, check_in_time: 1_764_300_100_000 }), booking({ lot_id: otherLot, pin: null })];
  const objects = {
    ...envelope,
    changes: [
      { seq: 10, lot_id: lotId, entity: 'booking', data: a },
      { seq: 11, lot_id: lotId, entity: 'bay', data: bay },
      { seq: 12, lot_id: lotId, entity: 'booking', data: b },
      { seq: 4, lot_id: otherLot, entity: 'booking', data: c },
    ],
  };
  const rows = {
    ...envelope,
    booking_columns: [...BOOKING_COLUMNS],
    lots: [
      { lot_id: lotId, changes: [[10, 'booking', bookingRow(a)], [11, 'bay', bay], [12, 'booking', bookingRow(b)]] },
      { lot_id: otherLot, changes: [[4, 'booking', bookingRow(c)]] },
    ],
  };
  return { objects, rows };
}

describe('pull pages as rows', () => {
  it('lays a booking out with every field of SyncBooking, once each', () => {
    expect([...BOOKING_COLUMNS].sort()).toEqual(Object.keys(SyncBookingSchema.shape).sort());
  });

  it('decodes into exactly the PullResponse the objects format carries', () => {
    const { objects, rows } = samePage();
    expect(PullPage.parse(JSON.parse(JSON.stringify(rows)))).toEqual(PullResponse.parse(objects));
  });

  it('is shorter on the wire than the same page as objects', () => {
    const { objects, rows } = samePage();
    expect(JSON.stringify(rows).length).toBeLessThan(JSON.stringify(objects).length * 0.8);
  });

  it('refuses a page that lays bookings out in other columns, instead of misreading it', () => {
    const { rows } = samePage();
    const swapped = [...BOOKING_COLUMNS];
    [swapped[3], swapped[4]] = [swapped[4]!, swapped[3]!];
    const r = PullPage.safeParse({ ...rows, booking_columns: swapped });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(['booking_columns']);
    expect(r.error!.issues[0]!.message).toContain('bookings must be laid out as id,lot_id,');
  });

  it('validates every decoded value with the same rules as before, naming the field', () => {
    const { rows } = samePage();
    const bad = structuredClone(rows);
    (bad.lots[0]!.changes[2]![2] as unknown[])[BOOKING_COLUMNS.indexOf('pin')] = '12345';
    const r = PullPage.safeParse(bad);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path)).toContainEqual(['changes', 2, 'data', 'pin']);
  });

  it('refuses a booking with a value missing, and a change that is not [seq, entity, data]', () => {
    const { rows } = samePage();
    const short = structuredClone(rows);
    (short.lots[1]!.changes[0]![2] as unknown[]).pop();
    expect(PullPage.safeParse(short).success).toBe(false);
    const notTriple = structuredClone(rows);
    (notTriple.lots[0]!.changes as unknown[]).push([13, 'booking']);
    expect(PullPage.safeParse(notTriple).success).toBe(false);
    const unknownEntity = structuredClone(rows);
    (unknownEntity.lots[0]!.changes as unknown[]).push([13, 'tariff', {}]);
    expect(PullPage.safeParse(unknownEntity).success).toBe(false);
  });

  it('still carries snapshots as objects', () => {
    const { rows } = samePage();
    const lot = {
      id: lotId, name: 'North', address: '1 Road', time_zone: 'UTC', total_bays: 10, entry_grace_minutes: 15, exit_grace_minutes: 15,
      no_show_minutes: 60, lost_pass_fee_cents: 0,
      tariff: { price_cents: 100, price_type: 'hour', increment_minutes: 60, grace_minutes: 0, daily_cap_cents: null },
    };
    const snapshot = { lot, bays: [bay], bookings: [booking()], conflicts: [] };
    const page = PullPage.safeParse({ ...rows, snapshots: [snapshot] });
    expect(page.error?.issues).toBeUndefined();
    expect(page.data!.snapshots).toEqual([snapshot]);
  });
});
