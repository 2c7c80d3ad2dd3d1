/**
 * Named prepared statements for the hot paths (a booking's transaction). PostgreSQL then parses a statement
 * once per connection and can keep its plan, where an unnamed one is parsed and planned on every run: for the
 * booking decision and the notification statement, planning cost more than running them. A `Statement` is
 * also turned into SQL text once, at first use, instead of on every run: values go in as placeholders
 * (`sql.placeholder('name')`) filled by `run`.
 *
 * Only for statements whose text never varies: every distinct text stays prepared on every pooled connection
 * for the life of the connection.
 */
import { createHash } from 'node:crypto';
import type { Query, SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Executor } from './types';

const dialect = new PgDialect({ casing: 'snake_case' });
const names = new Map<string, string>();
/** Far above the handful of hot statements; reaching it means a caller builds texts from values. */
const MAX_STATEMENTS = 64;

/** The statement's name: derived from its text, so the same text always has the same name on every connection. */
function nameOf(text: string): string {
  let name = names.get(text);
  if (name) return name;
  if (names.size >= MAX_STATEMENTS) throw new Error('prepared statements: too many distinct texts (is a value spliced into the SQL?)');
  name = `pp_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
  names.set(text, name);
  return name;
}

/**
 * CTEs another module contributes to a statement's WITH list, with the values of their placeholders: how one
 * round trip writes a change and what it entails (a new booking and its notification). `key` names the text:
 * fragments with the same key have the same `ctes`. Placeholder and CTE names carry the contributor's prefix.
 */
export interface Fragment {
  key: string;
  ctes: SQL;
  values: Record<string, unknown>;
}

export class Statement<Row> {
  private compiled: { query: Query; name: string } | null = null;

  /** `build` is called once, at the first run. */
  constructor(private readonly build: () => SQL) {}

  private compile(): { query: Query; name: string } {
    if (!this.compiled) {
      const query = dialect.sqlToQuery(this.build());
      this.compiled = { query, name: nameOf(query.sql) };
    }
    return this.compiled;
  }

  /** The SQL text ($1, $2, …) and its parameters: placeholders (by name) or values fixed in the text. */
  get query(): Query {
    return this.compile().query;
  }

  /** Runs the statement in `db` (a transaction or the pool) with the placeholders' values. */
  run(db: Executor, values: Record<string, unknown>): Promise<{ rows: Row[] }> {
    const { query, name } = this.compile();
    // PGlite has one connection and ignores the name.
    const prepared = db._.session.prepareQuery<{ execute: { rows: Row[] }; all: unknown; values: unknown }>(query, undefined, name, false);
    return prepared.execute(values);
  }
}

/** Statements keyed by their variant (a flag that changes the text), built on first use. */
export function statements<Key, Row>(build: (key: Key) => SQL): (key: Key) => Statement<Row> {
  const byKey = new Map<Key, Statement<Row>>();
  return (key) => {
    let s = byKey.get(key);
    if (!s) byKey.set(key, (s = new Statement<Row>(() => build(key))));
    return s;
  };
}
