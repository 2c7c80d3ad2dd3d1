import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BoothError } from '../../src/shared/contract/errors';
import { type SyncApi, customerBooking, startSyncApi } from './api';
import { type TestBooth, enrolledBooth, removeBooth } from './booth';

let api: SyncApi;
let north: TestBooth;
let south: TestBooth;
beforeAll(async () => {
  api = await startSyncApi(10);
  north = await enrolledBooth(api, 'North');
  south = await enrolledBooth(api, 'South');
  // A second round lets the leases settle into fair shares once both booths are known.
  for (const b of [north, south, north, south]) await b.booth.sync.syncOnce();
});
afterAll(async () => {
  for (const b of [north, south]) if (b) removeBooth(b);
  await api?.close();
});

const q = async <T>(query: ReturnType<typeof sql>) => (await api.t.database.db.execute(query)).rows as T[];
const openConflicts = (b: TestBooth) => b.db.prepare('SELECT booking_id, kind, resolved_at FROM sync_conflicts').all() as { booking_id: string; kind: string; resolved_at: number | null }[];

describe('two booths offline', () => {
  it('both admit one booking: the earliest check-in stands and both sides hold one conflict', async () => {
    const booking = await customerBooking(api);
    for (const b of [north, south]) await b.booth.sync.pullAll();
    north.net.offline = true;
    south.net.offline = true;
    const first = await north.booth.handlers['gate.check']({ lot_id: api.lotId, code: booking.qr_code }, await north.ctx());
    await new Promise((r) => setTimeout(r, 20));
    const second = await south.booth.handlers['gate.check']({ lot_id: api.lotId, code: booking.pin }, await south.ctx());
    expect([first.decision, second.decision]).toEqual(['ADMIT', 'ADMIT']);

    // The later admission reaches the API first; the earlier one still wins when it arrives.
    south.net.offline = false;
    await south.booth.sync.syncOnce();
    north.net.offline = false;
    await north.booth.sync.syncOnce();
    await south.booth.sync.syncOnce();

    const [row] = await q<{ status: string; check_in_time: string }>(sql`SELECT status, check_in_time::text FROM bookings WHERE id = ${booking.id}`);
    expect(row!.status).toBe('active');
    expect(Math.abs(Date.parse(row!.check_in_time) - first.decided_at)).toBeLessThan(1_000);
    const serverConflicts = await q<{ kind: string }>(sql`SELECT kind FROM sync_conflicts WHERE booking_id = ${booking.id}`);
    expect(serverConflicts).toEqual([{ kind: 'double_check_in' }]);
    for (const b of [north, south]) {
      expect(openConflicts(b)).toEqual([{ booking_id: booking.id, kind: 'double_check_in', resolved_at: null }]);
      const local = b.db.prepare('SELECT status, check_in_time FROM bookings WHERE id = ?').get(booking.id) as { status: string; check_in_time: number };
      expect(local.status).toBe('active');
      expect(b.db.prepare("SELECT count(*) AS n FROM audit_log WHERE kind = 'sync.conflict' AND booking_id = ?").get(booking.id)).toEqual({ n: 1 });
    }

    // A manager resolves it at one booth; the resolution reaches the API and the other booth.
    const manager = await south.ctx('manager');
    const [conflict] = await south.booth.handlers['conflicts.list']({ include_resolved: false }, manager);
    await south.booth.handlers['conflicts.resolve']({ conflict_id: conflict!.id, resolution: 'same car, both barriers opened' }, manager);
    await south.booth.sync.syncOnce();
    await north.booth.sync.syncOnce();
    expect(await north.booth.handlers['conflicts.list']({ include_resolved: false }, await north.ctx('manager'))).toEqual([]);
    const [resolved] = await q<{ resolution: string }>(sql`SELECT resolution FROM sync_conflicts WHERE booking_id = ${booking.id}`);
    expect(resolved!.resolution).toBe('same car, both barriers opened');
  });

  it('walk-ins at both never put more than 10 cars in a 10-bay lot, and beyond the lease a manager must override', async () => {
    for (const b of [north, south]) await b.booth.sync.syncOnce();
    const inside = async () => (await q<{ n: number }>(sql`
      SELECT (SELECT count(*) FROM bookings WHERE spot_id = ${api.lotId} AND status = 'active')
           + (SELECT count(*) FROM booth_walkins WHERE lot_id = ${api.lotId} AND status = 'active') AS n`))[0]!.n;
    const before = Number(await inside());
    north.net.offline = true;
    south.net.offline = true;
    let admitted = 0;
    let refused = 0;
    for (let i = 0; i < 8; i++) {
      for (const [name, b] of [['N', north], ['S', south]] as const) {
        try {
          await b.booth.handlers['walkin.admit']({ lot_id: api.lotId, vehicle_number: `${name}${i}WALK` }, await b.ctx());
          admitted++;
        } catch (err) {
          expect(err).toBeInstanceOf(BoothError);
          expect((err as BoothError).fields).toHaveProperty('override_reason');
          refused++;
        }
      }
    }
    expect(admitted).toBe(10 - before);
    expect(refused).toBe(16 - admitted);
    // An attendant may not override; a manager may, with a reason (and that is the only way past the lease).
    await expect(Promise.resolve().then(async () => north.booth.handlers['walkin.admit']({ lot_id: api.lotId, vehicle_number: 'VIP1', override_reason: 'owner says so' }, await north.ctx()))).rejects.toMatchObject({ code: 'forbidden' });

    north.net.offline = false;
    south.net.offline = false;
    for (const b of [north, south, north]) await b.booth.sync.syncOnce();
    expect(Number(await inside())).toBe(10);
    const [lot] = await q<{ available_slots: number }>(sql`SELECT available_slots FROM parking_spots WHERE id = ${api.lotId}`);
    expect(lot!.available_slots).toBe(0);
    const leases = await q<{ lease_walkins: number }>(sql`SELECT lease_walkins FROM device_lots WHERE lot_id = ${api.lotId}`);
    expect(leases.every((l) => l.lease_walkins === 0)).toBe(true);
  });
});
