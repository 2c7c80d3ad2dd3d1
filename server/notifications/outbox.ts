// E-mail leaves through an outbox table: the message row is written in the same transaction as the
// notification, and sent after commit by whichever API process claims it first (FOR UPDATE SKIP LOCKED).
// So a rolled-back change sends nothing, a crash before sending only delays it, and a slow mail server
// never holds up the request that caused the mail.
import { sql } from 'drizzle-orm';
import type { Mail, Mailer } from '../auth/mailer';
import type { Executor } from '../db';

const MAX_ATTEMPTS = 5;
const BATCH = 10;

export async function queueMail(tx: Executor, mail: Mail): Promise<void> {
  await tx.execute(sql`INSERT INTO mail_outbox (to_address, subject, body) VALUES (${mail.to}, ${mail.subject}, ${mail.text})`);
}

interface OutboxRow {
  id: string;
  to_address: string;
  subject: string;
  body: string;
}

/** Sends what is waiting; returns how many were sent. Failures are counted and retried later. */
export async function sendQueuedMail(db: Executor, mailer: Mailer, log?: { warn(obj: object, msg: string): void }): Promise<number> {
  let sent = 0;
  for (;;) {
    const claimed = await db.transaction(async (tx) => {
      const r = await tx.execute(sql`
        SELECT id::text AS id, to_address, subject, body FROM mail_outbox
        WHERE sent_at IS NULL AND attempts < ${MAX_ATTEMPTS}
        ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`);
      const rows = r.rows as unknown as OutboxRow[];
      for (const row of rows) {
        try {
          await mailer.send({ to: row.to_address, subject: row.subject, text: row.body });
          await tx.execute(sql`UPDATE mail_outbox SET sent_at = now(), attempts = attempts + 1 WHERE id = ${row.id}::bigint`);
          sent++;
        } catch (err) {
          log?.warn({ err: (err as Error).message, mail: row.id }, 'queued e-mail not sent; will retry');
          await tx.execute(sql`UPDATE mail_outbox SET attempts = attempts + 1, last_error = ${(err as Error).message.slice(0, 500)} WHERE id = ${row.id}::bigint`);
        }
      }
      return rows.length;
    });
    if (claimed < BATCH) return sent;
  }
}
