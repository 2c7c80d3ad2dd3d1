// Every index is paid for on each write to its table (a booking insert updates all of the bookings table's), so
// none may be a copy of another. The seed's idx_users_email, idx_sessions_refresh_token and idx_bookings_qr_code
// were copies of the unique constraints' own indexes; lookups by those columns go through the unique ones.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, openTestDatabase, type TestDatabase } from '../helpers/pg';

describe.each(backends())('central schema indexes on %s', (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(backend);
  });
  afterAll(async () => database?.close());

  it('no table carries two indexes on the same columns with the same conditions', async () => {
    const copies = await database.db.execute<{ indexes: string }>(sql`
      SELECT string_agg(i.indexrelid::regclass::text, ' = ' ORDER BY i.indexrelid::regclass::text) AS indexes
      FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = 'public'
      GROUP BY i.indrelid, i.indkey::text, i.indclass::text, coalesce(i.indexprs::text, ''), coalesce(i.indpred::text, '')
      HAVING count(*) > 1`);
    expect(copies.rows.map((r) => r.indexes)).toEqual([]);
  });

  it('a pass, a sign-in and a token refresh still find their row through an index', async () => {
    await database.db.execute(sql`SET enable_seqscan = off`);
    try {
      for (const [table, column] of [
        ['bookings', 'qr_code'],
        ['users', 'email'],
        ['sessions', 'refresh_token'],
      ] as const) {
        const plan = await database.db.execute<{ 'QUERY PLAN': string }>(sql.raw(`EXPLAIN SELECT * FROM ${table} WHERE ${column} = 'x'`));
        expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/Index Scan using "?\w+_unique"?/);
      }
    } finally {
      await database.db.execute(sql`RESET enable_seqscan`);
    }
  });
});
