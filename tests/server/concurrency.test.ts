import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vehicles } from '../../db/central/schema';
import { backends } from '../helpers/pg';
import { type Account, type TestApp, addVehicle, createLot, register, startTestApp, window } from './app';

// 200 customers' cars race for the same two hours of a 10-bay lot, over real HTTP.
describe.each(backends())('booking under concurrency on %s', (backend) => {
  let t: TestApp;
  let base: string;
  let owner: Account;
  const drivers: Array<{ who: Account; vehicle: string }> = [];
  beforeAll(async () => {
    t = await startTestApp(backend);
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    owner = await register(t.app, 'owner');
    for (let u = 0; u < 10; u++) {
      const who = await register(t.app);
      drivers.push({ who, vehicle: await addVehicle(t, who) });
      // The other 19 cars go straight into the table: only the race itself needs to go through HTTP.
      const rows = Array.from({ length: 19 }, (_, v) => ({ userId: who.id, make: 'Test', model: 'Car', licensePlate: `C${u}X${v}` }));
      const made = await t.database.db.insert(vehicles).values(rows).returning({ id: vehicles.id });
      for (const m of made) drivers.push({ who, vehicle: m.id });
    }
  });
  afterAll(async () => t?.close());

  it('200 simultaneous requests for a 10-bay lot: exactly 10 bookings, distinct PINs, counts intact', async () => {
    const lot = await createLot(t, owner, { total_slots: 10 });
    const w = window(2, 2);
    const responses = await Promise.all(
      drivers.map(({ who, vehicle }) =>
        fetch(`${base}/api/bookings`, {
          method: 'POST',
          headers: { ...who.auth, 'content-type': 'application/json' },
          body: JSON.stringify({ spot_id: lot.id, vehicle_id: vehicle, ...w }),
        }).then(async (r) => ({ status: r.status, body: (await r.json()) as { pin?: string; error?: { code: string } } })),
      ),
    );
    const ok = responses.filter((r) => r.status === 201);
    expect(ok).toHaveLength(10);
    expect(responses.filter((r) => r.status === 409).every((r) => r.body.error?.code === 'lot_full')).toBe(true);
    expect(responses.filter((r) => r.status !== 201 && r.status !== 409)).toEqual([]);
    expect(new Set(ok.map((r) => r.body.pin)).size).toBe(10);
    const listed = await fetch(`${base}/api/bookings?spot_id=${lot.id}&limit=100`, { headers: owner.auth }).then((r) => r.json() as Promise<{ total: number }>);
    expect(listed.total).toBe(10);
  });
});
