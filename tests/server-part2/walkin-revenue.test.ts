// What a booth takes for walk-ins is the lot's revenue too: the owner's revenue report and dashboard count it
// on the day it was paid, next to paid bookings; another owner's lots do not see it.
import { v7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Command } from '../../src/shared/sync/protocol';
import { backends } from '../helpers/pg';
import { type Account, type TestApp, createLot, register, startTestApp } from '../server/app';
import { enrollDevice, push } from '../sync/api';

describe.each(backends())('walk-in revenue on %s', (backend) => {
  let t: TestApp;
  let owner: Account;
  let other: Account;
  beforeAll(async () => {
    t = await startTestApp(backend);
    [owner, other] = await Promise.all([register(t.app, 'owner'), register(t.app, 'owner')]);
  });
  afterAll(async () => t?.close());

  const get = async (path: string, who: Account) => (await t.app.inject({ method: 'GET', url: path, headers: who.auth })).json();

  it('counts what the booth took at release, once, in the revenue report and the dashboard', async () => {
    const lot = await createLot(t, owner, { name: 'Quay', total_slots: 3 });
    await createLot(t, other, { name: 'Elsewhere', total_slots: 3 });
    const api = { t, owner, lotId: lot.id, url: '', close: async () => {} };
    const device = await enrollDevice(api);
    const send = async (commands: Command[]) => {
      const res = await push(api, device.device_token, commands);
      for (const r of res.json().results) expect(r.status, JSON.stringify(r)).toBe('applied');
    };
    const at = Date.now() - 2 * 3_600_000;
    const id = v7();
    await send([{
      type: 'booking.walkin', id: v7(), lot_id: lot.id, at, booth_time: at, actor: 'staff', override_reason: null,
      booking: {
        id, lot_id: lot.id, bay_number: 1, vehicle_number: 'WALK1', vehicle_model: null, remarks: null, source: 'walkin', status: 'active',
        start_time: at, end_time: null, check_in_time: at, check_out_time: null, pin: null, qr_code: null, total_cost_cents: 0, parking_cost_cents: null, payment_status: 'pending',
      },
    }]);
    expect((await get('/api/admin/revenue', owner)).total_cents).toBe(0);
    const out = Date.now() - 60_000;
    await send([{ type: 'booking.release', id: v7(), lot_id: lot.id, at: out, booth_time: out, actor: 'staff', booking_id: id, parking_cost_cents: 1200, payment: { id: v7(), method: 'cash', amount_cents: 1200, reason: null } }]);

    const revenue = await get('/api/admin/revenue', owner);
    expect(revenue.total_cents).toBe(1200);
    expect(revenue.by_lot).toEqual([{ spot_id: lot.id, lot_name: 'Quay', revenue_cents: 1200, bookings: 1 }]);
    expect((await get('/api/admin/dashboard', owner)).revenue_last_24h_cents).toBe(1200);
    expect((await get('/api/admin/revenue', other)).total_cents).toBe(0);
  });
});
