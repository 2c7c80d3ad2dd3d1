import { sql } from 'drizzle-orm';
import type { TestApp } from './app';

/**
 * A digest of every row of every table, in one round trip: equal before and after a request means the request
 * wrote nothing.
 */
export async function snapshot(t: TestApp): Promise<string> {
  const tables = await t.database.db.execute<{ name: string }>(
    sql`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
  );
  const parts = tables.rows.map(
    ({ name }) => sql`(SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) FROM ${sql.identifier(name)} x)`,
  );
  const r = await t.database.db.execute<{ d: string }>(sql`SELECT md5(concat(${sql.join(parts, sql`, `)})) AS d`);
  return r.rows[0]!.d;
}
