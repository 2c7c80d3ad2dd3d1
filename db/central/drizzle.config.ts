// drizzle-kit settings for the central PostgreSQL schema: `npm run db:generate` writes a new migration into
// db/central/migrations from the tables in db/central/schema. Migrations are append-only: never edit a released one.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './db/central/schema/index.ts',
  out: './db/central/migrations',
  casing: 'snake_case',
});
