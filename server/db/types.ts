import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { NodePgQueryResultHKT } from 'drizzle-orm/node-postgres';
import type { PgDatabase } from 'drizzle-orm/pg-core';
import type * as schema from '../../db/central/schema';

export type Schema = typeof schema;
/**
 * What repositories take: the database or a transaction on it. The PGlite driver has the same query builder,
 * so both backends are used through this one type.
 */
export type Executor = PgDatabase<NodePgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

export interface Database {
  kind: 'postgres' | 'pglite';
  db: Executor;
  /** Runs `SELECT 1`; false when the database cannot answer. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
  /** PGlite only: the whole database as a tarball (a development backup, or a test fixture). */
  dump?: () => Promise<Blob>;
}
