// Tables part 2 adds to the central schema. Created here by the tests until they join the central
// migrations (the schema is frozen while part 1 is still changing it).
import { sql } from 'drizzle-orm';
import type { Database } from '../../server/db';
import { LIVE_EVENTS_DDL } from '../../server/live/store';

export const PART2_DDL = [
  ...LIVE_EVENTS_DDL,
  `CREATE TABLE IF NOT EXISTS notification_dedupe (
    user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    dedupe_key varchar(120) NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, dedupe_key)
  )`,
  `CREATE TABLE IF NOT EXISTS payment_webhook_events (
    event_id varchar(255) PRIMARY KEY,
    type varchar(100) NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE IF NOT EXISTS mail_outbox (
    id bigserial PRIMARY KEY,
    to_address varchar(255) NOT NULL,
    subject varchar(255) NOT NULL,
    body text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    sent_at timestamptz,
    attempts integer NOT NULL DEFAULT 0,
    last_error text
  )`,
  `CREATE INDEX IF NOT EXISTS idx_mail_outbox_pending ON mail_outbox (id) WHERE sent_at IS NULL`,
];

export async function applyPart2Schema(database: Database): Promise<void> {
  const exists = await database.db.execute(sql`SELECT to_regclass('notification_dedupe') IS NOT NULL AS present`);
  if ((exists.rows[0] as { present: boolean }).present) return;
  for (const ddl of PART2_DDL) await database.db.execute(sql.raw(ddl));
}
