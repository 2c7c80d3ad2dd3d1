/**
 * Table rows for hand-written statements (server/db/prepared.ts): the select list of a table's columns and the
 * mapping of a raw result row to the table's row type, the same values drizzle's own select gives. The columns
 * come from the drizzle schema, so a new column needs no change here.
 */
import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import { toSnakeCase } from 'drizzle-orm/casing';
import type { PgTable } from 'drizzle-orm/pg-core';

interface ColumnInfo {
  key: string;
  name: string;
  fromDriver: (value: unknown) => unknown;
  toDriver: (value: unknown) => unknown;
}

/** The schema declares names as keys and the app maps them with casing 'snake_case' (server/db/index.ts). */
function columnsOf(table: PgTable): ColumnInfo[] {
  return Object.entries(getTableColumns(table)).map(([key, column]) => ({
    key,
    name: column.keyAsName ? toSnakeCase(column.name) : column.name,
    fromDriver: (value) => column.mapFromDriverValue(value),
    toDriver: (value) => column.mapToDriverValue(value),
  }));
}

export interface TableRows<Row> {
  /** Every column, as `alias.name` (or bare names), for a SELECT list or RETURNING. */
  select(alias?: string): SQL;
  /** The database names of the columns with these keys, in this order, for an INSERT's column list. */
  names(keys: readonly string[]): SQL;
  /** A raw result row (column names as selected) as the table's row. */
  row(raw: Record<string, unknown>): Row;
  /** `values` (keys as in the schema) as the driver takes them, for a statement's placeholders. */
  driverValues(values: Partial<Row>): Record<string, unknown>;
}

export function tableRows<T extends PgTable>(table: T): TableRows<T['$inferSelect']> {
  const columns = columnsOf(table);
  const byKey = new Map(columns.map((c) => [c.key, c]));
  return {
    select: (alias) => sql.raw(columns.map((c) => (alias ? `${alias}."${c.name}"` : `"${c.name}"`)).join(', ')),
    names: (keys) =>
      sql.raw(
        keys
          .map((key) => {
            const c = byKey.get(key);
            if (!c) throw new Error(`no column ${key}`);
            return `"${c.name}"`;
          })
          .join(', '),
      ),
    row: (raw) => {
      const out: Record<string, unknown> = {};
      for (const c of columns) {
        const value = raw[c.name];
        out[c.key] = value === null || value === undefined ? null : c.fromDriver(value);
      }
      return out as T['$inferSelect'];
    },
    driverValues: (values) => {
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(values)) {
        const c = byKey.get(key);
        if (!c) throw new Error(`no column ${key}`);
        out[key] = value === null || value === undefined ? null : c.toDriver(value);
      }
      return out;
    },
  };
}
