import { defineConfig } from 'drizzle-kit';

// Migrations are generated, never hand-edited once committed: a schema change is a new migration.
export default defineConfig({
  dialect: 'sqlite',
  schema: './db/booth/schema/index.ts',
  out: './db/booth/migrations',
});
