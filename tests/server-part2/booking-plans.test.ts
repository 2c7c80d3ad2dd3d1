// What a booking runs must not read the history. Each statement a booking (or the mail drain after it) runs is
// prepared once and then run with PostgreSQL's generic plan, chosen without seeing the values; with a year of
// bookings and sent e-mail on record, these plans must reach the rows through the indexes meant for them (a lot's
// bookings ending after the window starts, a car's live bookings, the unsent e-mail), never a scan of the table.
import { Placeholder, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisionStatement } from '../../server/bookings/repository';
import type { Statement } from '../../server/db/prepared';
import { claimStatement, markSentStatement } from '../../server/notifications/outbox';
import { backends } from '../helpers/pg';
import { register } from '../server/app';
import { startPart2App, type Part2App } from './app';
import { addVehicle, createLot } from './fixtures';

describe.each(backends())('booking statement plans on %s', (backend) => {
  let t: Part2App;
  let lotId: string;
  let vehicleId: string;

  beforeAll(async () => {
    t = await startPart2App(backend);
    const owner = await register(t.app, 'owner');
    lotId = (await createLot(t.app, owner)).id;
    vehicleId = await addVehicle(t.app, owner);
    const db = t.database.db;
    // 200 lots (the planner's generic plan counts on a lot being one of many) and 20,000 bookings from 300
    // cars: 16,000 over, 4,000 still to come; 20,000 sent e-mails.
    const lots = [lotId];
    while (lots.length < 200) lots.push((await createLot(t.app, owner)).id);
    await db.execute(sql`INSERT INTO vehicles (user_id, make, model, license_plate) SELECT ${owner.id}, 'H', 'C', 'HIST' || g FROM generate_series(1, 300) g`);
    await db.execute(sql`
      INSERT INTO bookings (spot_id, user_id, vehicle_id, start_time, end_time, total_cost, status, qr_code, pin)
      SELECT (${`{${lots.join(',')}}`}::uuid[])[1 + g % 200], v.user_id, v.id, h.start, h.start + interval '1 hour', 2.50,
             (CASE WHEN g <= 16000 THEN 'completed' ELSE 'pending' END)::booking_status, 'history-' || g, lpad((g % 10000)::text, 4, '0')
      FROM generate_series(1, 20000) g
      JOIN vehicles v ON v.license_plate = 'HIST' || (1 + g % 300)
      CROSS JOIN LATERAL (SELECT now() + (CASE WHEN g <= 16000 THEN -g ELSE g - 16000 + 24 END) * interval '1 hour' AS start) h`);
    await db.execute(sql`INSERT INTO mail_outbox (to_address, subject, body, sent_at, attempts) SELECT 'h@example.test', 'S', 'B', now(), 1 FROM generate_series(1, 20000)`);
    await db.execute(sql`ANALYZE bookings`);
    await db.execute(sql`ANALYZE mail_outbox`);
  });
  afterAll(async () => {
    await t?.close();
  });

  let probes = 0;
  /** The generic plan of `statement` run with `values`, as EXPLAIN prints it. */
  async function genericPlan(statement: Statement<unknown>, values: Record<string, unknown>): Promise<string> {
    const { sql: text, params } = statement.query;
    // EXECUTE takes no bind parameters: the test's own values go in as quoted literals.
    const literal = (v: unknown) => `'${(Array.isArray(v) ? `{${v.join(',')}}` : String(v)).replaceAll("'", "''")}'`;
    const args = params.map((p) => literal(p instanceof Placeholder ? values[p.name] : p));
    const name = `plan_probe_${++probes}`;
    return t.database.db.transaction(async (tx) => {
      await tx.execute(sql.raw(`PREPARE ${name} AS ${text}`));
      await tx.execute(sql`SET LOCAL plan_cache_mode = force_generic_plan`);
      const explained = await tx.execute<{ 'QUERY PLAN': string }>(sql.raw(`EXPLAIN EXECUTE ${name}${args.length > 0 ? `(${args.join(', ')})` : ''}`));
      await tx.execute(sql.raw(`DEALLOCATE ${name}`));
      return explained.rows.map((r) => r['QUERY PLAN']).join('\n');
    });
  }

  it('decides a booking from the lot’s current bookings and the car’s live ones, not from the history', async () => {
    const from = new Date(Date.now() + 3_600_000);
    const to = new Date(from.getTime() + 3_600_000);
    const plan = await genericPlan(decisionStatement as Statement<unknown>, {
      vehicle: vehicleId,
      lot: lotId,
      noShow: 30,
      from: from.toISOString(),
      to: to.toISOString(),
      pinFrom: new Date(from.getTime() - 1_800_000).toISOString(),
      pinTo: new Date(to.getTime() + 1_800_000).toISOString(),
    });
    expect(plan).toContain('idx_bookings_spot_end');
    expect(plan).toContain('idx_bookings_vehicle_live');
    expect(plan).toContain('idx_bookings_spot_active');
    expect(plan).not.toMatch(/Seq Scan on bookings|idx_bookings_status|idx_bookings_spot_window/);
  });

  it('claims unsent e-mail in id order through its index, and marks it sent by primary key', async () => {
    const claim = await genericPlan(claimStatement as Statement<unknown>, {});
    expect(claim).toContain('Index Scan using idx_mail_outbox_pending');
    expect(claim).not.toMatch(/Seq Scan|Sort/);
    const mark = await genericPlan(markSentStatement as Statement<unknown>, { ids: ['1', '2'] });
    expect(mark).toContain('mail_outbox_pkey');
    expect(mark).not.toContain('Seq Scan');
  });
});
