/**
 * Hot-path statements run as named prepared statements: PostgreSQL keeps one per connection (parsed and planned
 * once), values only ever travel as parameters, and the same statement works on PGlite.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Statement, statements } from '../../server/db/prepared';
import { backends, openTestDatabase, type TestDatabase } from '../helpers/pg';

describe.each(backends())('prepared statements (%s)', (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(backend, 2);
  });
  afterAll(() => database.close());

  const echo = new Statement<{ v: string; n: number }>(() => sql`SELECT ${sql.placeholder('v')}::text AS v, ${sql.placeholder('n')}::int + 1 AS n`);

  it('runs with each call’s values, which never become part of the text', async () => {
    const hostile = "x'; DROP TABLE users; --";
    const a = await echo.run(database.db, { v: hostile, n: 1 });
    const b = await echo.run(database.db, { v: 'second', n: 41 });
    expect(a.rows[0]).toEqual({ v: hostile, n: 2 });
    expect(b.rows[0]).toEqual({ v: 'second', n: 42 });
    const users = await database.db.execute(sql`SELECT count(*)::int AS n FROM users`);
    expect(users.rows[0]).toEqual({ n: 0 });
  });

  // PGlite has a single connection and no named statements to look at.
  if (backend === 'postgres') it('is prepared once per connection, under one name', async () => {
    const names = await database.db.transaction(async (tx) => {
      for (let i = 0; i < 3; i++) await echo.run(tx, { v: 'x', n: i });
      const r = await tx.execute<{ name: string }>(sql`SELECT name FROM pg_prepared_statements WHERE statement LIKE '%AS v,%'`);
      return r.rows.map((row) => row.name);
    });
    expect(names).toHaveLength(1);
    expect(names[0]).toMatch(/^pp_[0-9a-f]{24}$/);
  });

  it('keeps one statement per variant', async () => {
    const byFlag = statements<boolean, { flag: boolean }>((flag) => sql`SELECT ${sql.raw(String(flag))} AS flag, ${sql.placeholder('x')}::int AS x`);
    expect(byFlag(true)).toBe(byFlag(true));
    expect(byFlag(true)).not.toBe(byFlag(false));
    expect((await byFlag(false).run(database.db, { x: 1 })).rows[0]).toMatchObject({ flag: false });
  });
});
