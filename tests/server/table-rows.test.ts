/**
 * The booking path's hand-written statements (lot lock, new booking insert) read rows through tableRows: what
 * they return must be exactly what drizzle's own select gives for the same row (dates, money, enums, nulls), and
 * the feed entry the insert writes must be the stored row's.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookings, parkingSpots } from '../../db/central/schema';
import { insertNewBooking } from '../../server/bookings/repository';
import { lockLotForBooking } from '../../server/spots/repository';
import { syncBooking } from '../../server/sync/mappers';
import { backends } from '../helpers/pg';
import { addVehicle, createLot, register, startTestApp, type TestApp } from './app';

describe.each(backends())('table rows of hand-written statements (%s)', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(backend);
  });
  afterAll(() => t.close());

  it('a locked lot and a new booking read back as drizzle reads them', async () => {
    const owner = await register(t.app, 'owner');
    const customer = await register(t.app);
    const lot = await createLot(t, owner, { total_slots: 3, daily_cap_cents: 2500 });
    const vehicle = await addVehicle(t, customer);
    const db = t.database.db;

    const locked = await db.transaction((tx) => lockLotForBooking(tx, lot.id));
    const [viaDrizzle] = await db.select().from(parkingSpots).where(eq(parkingSpots.id, lot.id));
    expect(locked).toEqual({ lot: viaDrizzle, bookable: 3 });
    expect(locked!.lot.createdAt).toBeInstanceOf(Date);
    expect(await db.transaction((tx) => lockLotForBooking(tx, '00000000-0000-4000-8000-000000000000'))).toBeNull();

    const start = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 3_600_000);
    const inserted = await db.transaction((tx) =>
      insertNewBooking(tx, {
        id: crypto.randomUUID(),
        spotId: lot.id,
        userId: customer.id,
        vehicleId: vehicle,
        startTime: start,
        endTime: new Date(start.getTime() + 7_200_000),
        totalCost: '12.50',
        status: 'pending',
        qrCode: `pass-${crypto.randomUUID()}`,
        pin: '0420',
        vehicleNumber: 'AB12CDE',
        vehicleModel: null,
        remarks: "it's the blue one",
      }, false),
    );
    const [stored] = await db.select().from(bookings).where(eq(bookings.id, inserted.id));
    expect(inserted).toEqual(stored);
    // Its sync feed entry went in with it, made from the row as stored.
    const feed = await db.execute<{ seq: number; entity: string; data: unknown }>(
      sql`SELECT seq::int AS seq, entity, data FROM sync_feed WHERE lot_id = ${lot.id} AND data->>'id' = ${inserted.id}`,
    );
    expect(feed.rows).toEqual([{ seq: expect.any(Number), entity: 'booking', data: syncBooking(stored!, null) }]);
    expect(inserted).toMatchObject({ startTime: start, totalCost: '12.50', paymentStatus: 'pending', bayId: null, vehicleModel: null });
  });
});
