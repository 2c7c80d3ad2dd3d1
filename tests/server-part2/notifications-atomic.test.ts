// A booking and what it announces (notification, queued e-mail, live events) commit in one transaction:
// a failure in the last of those writes leaves no booking behind, and a booking that is confirmed already
// has its notification. Real PostgreSQL (or PGlite without one); the failure is injected by a trigger in the database itself.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresAvailable } from '../helpers/pg';
import { register, type Account } from '../server/app';
import { startPart2App, type Part2App } from './app';
import { addVehicle, bookNow, createLot } from './fixtures';

// PostgreSQL when the machine offers one (CI), else embedded PGlite: both run the trigger.
const backend = postgresAvailable() ? 'postgres' : 'pglite';

describe(`booking notifications on ${backend}`, () => {
  let t: Part2App;
  let owner: Account;
  let ana: Account;
  let lotId: string;
  const count = async (table: 'bookings' | 'notifications' | 'mail_outbox' | 'live_events', where = sql`true`) => {
    const r = await t.database.db.execute(sql`SELECT count(*)::int AS n FROM ${sql.raw(table)} WHERE ${where}`);
    return (r.rows[0] as { n: number }).n;
  };

  beforeAll(async () => {
    t = await startPart2App(backend);
    owner = await register(t.app, 'owner');
    ana = await register(t.app);
    lotId = (await createLot(t.app, owner)).id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('rolls the booking back when its last live event cannot be written, leaving no notification either', async () => {
    // One statement per call: PGlite's extended protocol takes no more.
    await t.database.db.execute(sql.raw(`
      CREATE FUNCTION fail_availability() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.kind = 'availability' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$`));
    await t.database.db.execute(sql.raw(`CREATE TRIGGER fail_availability BEFORE INSERT ON live_events FOR EACH ROW EXECUTE FUNCTION fail_availability()`));
    const vehicle_id = await addVehicle(t.app, ana);
    const start = new Date(Date.now() + 3_600_000);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/bookings',
      headers: ana.auth,
      payload: { spot_id: lotId, vehicle_id, start_time: start.toISOString(), end_time: new Date(start.getTime() + 7_200_000).toISOString() },
    });
    expect(res.statusCode).toBe(500);
    expect(await count('bookings', sql`user_id = ${ana.id}`)).toBe(0);
    expect(await count('notifications', sql`user_id = ${ana.id}`)).toBe(0);
    expect(await count('mail_outbox', sql`to_address = ${ana.email}`)).toBe(0);
    expect(await count('live_events', sql`topic = ${`user:${ana.id}`}`)).toBe(0);
    await t.database.db.execute(sql.raw(`DROP TRIGGER fail_availability ON live_events`));
    await t.database.db.execute(sql.raw(`DROP FUNCTION fail_availability()`));
  });

  it('has the notification, its e-mail and live events committed by the time the booking is confirmed', async () => {
    const booking = await bookNow(t.app, ana, lotId);
    // Read in one snapshot, right after the reply: nothing is written later.
    const r = await t.database.db.execute(sql`
      SELECT (SELECT count(*) FROM bookings WHERE id = ${booking.id})::int AS bookings,
             (SELECT count(*) FROM notifications WHERE user_id = ${ana.id} AND action_url LIKE ${`%${booking.id}%`})::int AS notes,
             (SELECT count(*) FROM mail_outbox WHERE to_address = ${ana.email})::int AS mails,
             (SELECT count(*) FROM live_events WHERE topic = ${`user:${ana.id}`} AND kind = 'booking')::int AS events`);
    expect(r.rows[0]).toEqual({ bookings: 1, notes: 1, mails: 1, events: 1 });
  });
});
