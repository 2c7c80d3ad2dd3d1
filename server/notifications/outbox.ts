// E-mail leaves through an outbox table: the message row is written in the same transaction as the
// notification, and sent after commit by whichever API process claims it first (a lease of CLAIM_MINUTES).
// So a rolled-back change sends nothing, a crash before sending only delays it, and a slow mail server
// holds up neither the request that caused the mail nor anyone's live events.
import { sql } from 'drizzle-orm';
import type { Mail, Mailer } from '../auth/mailer';
import type { Executor } from '../db';
import { Statement } from '../db/prepared';

const MAX_ATTEMPTS = 5;
const BATCH = 50;

export async function queueMail(tx: Executor, mail: Mail): Promise<void> {
  await tx.execute(sql`INSERT INTO mail_outbox (to_address, subject, body) VALUES (${mail.to}, ${mail.subject}, ${mail.text})`);
}

interface OutboxRow {
  id: string;
  to_address: string;
  subject: string;
  body: string;
}

/**
 * How long a claimed mail is left to the process that claimed it. Longer than sending a batch can take (the mail
 * library's own timeouts); a process that dies mid-batch leaves its mail to the others once this has passed.
 */
const CLAIM_MINUTES = 10;

// A drain follows most bookings' replies (server/notifications/booking-events.ts): prepared, like the booking's.
// Sent rows stay in the table, so both statements must reach the unsent ones through an index, never a scan:
// the claim walks idx_mail_outbox_pending in id order (ordering by the text alias would sort every pending
// entry, dead ones included), and mark-sent looks its ids up by primary key.
// The claim is a statement of its own, committed before any mail is handed to the mail server: a transaction
// held open while a slow mail server answers would hold back every live event committed meanwhile
// (server/live/store.ts reads only below the oldest running transaction).
export const claimStatement = new Statement<OutboxRow>(
  () => sql`UPDATE mail_outbox m SET claimed_until = now() + make_interval(mins => ${sql.raw(String(CLAIM_MINUTES))})
    WHERE m.id IN (
      SELECT p.id FROM mail_outbox p
      WHERE p.sent_at IS NULL AND p.attempts < ${sql.raw(String(MAX_ATTEMPTS))} AND (p.claimed_until IS NULL OR p.claimed_until < now())
      ORDER BY p.id LIMIT ${sql.raw(String(BATCH))} FOR UPDATE SKIP LOCKED)
    RETURNING m.id::text AS id, m.to_address, m.subject, m.body`,
);
export const markSentStatement = new Statement(
  () => sql`UPDATE mail_outbox SET sent_at = now(), attempts = attempts + 1, claimed_until = NULL
    WHERE id = ANY (${sql.placeholder('ids')}::bigint[])`,
);

/** Sends what is waiting, oldest first; returns how many were sent. Failures are counted and retried later. */
export async function sendQueuedMail(db: Executor, mailer: Mailer, log?: { warn(obj: object, msg: string): void }): Promise<number> {
  let sent = 0;
  for (;;) {
    const rows = (await claimStatement.run(db, {})).rows;
    rows.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1)); // RETURNING keeps no order
    const sentIds: string[] = [];
    for (const row of rows) {
      try {
        await mailer.send({ to: row.to_address, subject: row.subject, text: row.body });
        sentIds.push(row.id);
      } catch (err) {
        log?.warn({ err: (err as Error).message, mail: row.id }, 'queued e-mail not sent; will retry');
        await db.execute(
          sql`UPDATE mail_outbox SET attempts = attempts + 1, last_error = ${(err as Error).message.slice(0, 500)}, claimed_until = NULL WHERE id = ${row.id}::bigint`,
        );
      }
    }
    // One statement for everything sent.
    if (sentIds.length > 0) {
      await markSentStatement.run(db, { ids: sentIds });
      sent += sentIds.length;
    }
    if (rows.length < BATCH) return sent;
  }
}

/**
 * Deletes e-mail sent before `before`, and e-mail given up on (MAX_ATTEMPTS failures) queued before it; mail
 * still being retried stays whatever its age. Sent rows are kept a while so support can tell a driver when
 * their confirmation left; without this the table would grow with every booking, forever.
 */
export async function pruneMail(db: Executor, before: Date): Promise<number> {
  const at = before.toISOString();
  const result = await db.execute<{ n: number }>(sql`
    WITH gone AS (
      DELETE FROM mail_outbox
      WHERE sent_at < ${at}::timestamptz OR (sent_at IS NULL AND attempts >= ${MAX_ATTEMPTS} AND created_at < ${at}::timestamptz)
      RETURNING 1
    ) SELECT count(*)::int AS n FROM gone`);
  return result.rows[0]!.n;
}
