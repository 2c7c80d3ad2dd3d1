// The mail outbox on a real database: queued e-mail leaves oldest first, in batches, and once only.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryMailer } from '../../server/auth/mailer';
import { pruneMail, queueMail, sendQueuedMail } from '../../server/notifications/outbox';
import { START, appendEvent, readAfter, type Position } from '../../server/live/store';
import { backends, openTestDatabase, postgresAvailable, type TestDatabase } from '../helpers/pg';

describe.each(backends())('mail outbox on %s', (backend) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await openTestDatabase(backend);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('sends queued e-mail oldest first, across batches and across a power of ten in the ids, and each once', async () => {
    // Ids 96…155: more than one batch of 50, with the oldest ids having fewer digits than the newest.
    await database.db.execute(sql`SELECT setval('mail_outbox_id_seq', 95)`);
    const subjects = Array.from({ length: 60 }, (_, i) => `mail ${i}`);
    for (const subject of subjects) await queueMail(database.db, { to: 'driver@example.test', subject, text: 'body' });

    const mailer = memoryMailer();
    expect(await sendQueuedMail(database.db, mailer)).toBe(60);
    expect(mailer.sent.map((m) => m.subject)).toEqual(subjects);

    expect(await sendQueuedMail(database.db, mailer)).toBe(0);
    expect(mailer.sent).toHaveLength(60);
    const unsent = await database.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM mail_outbox WHERE sent_at IS NULL`);
    expect(unsent.rows[0]!.n).toBe(0);
  });

  it('prunes e-mail sent or given up on before the cut-off, and keeps what is recent or still being retried', async () => {
    await database.db.execute(sql`DELETE FROM mail_outbox`);
    const rows: Array<[subject: string, createdDaysAgo: number, sentDaysAgo: number | null, attempts: number]> = [
      ['sent long ago', 40, 40, 1],
      ['sent long ago, after retries', 45, 39, 3],
      ['sent yesterday', 1, 1, 1],
      ['queued long ago, sent yesterday', 40, 1, 4],
      ['queued long ago, still retrying', 40, null, 2],
      ['given up long ago', 40, null, 5],
      ['given up yesterday', 1, null, 5],
    ];
    for (const [subject, created, sent, attempts] of rows) {
      await database.db.execute(sql`INSERT INTO mail_outbox (to_address, subject, body, created_at, sent_at, attempts)
        VALUES ('driver@example.test', ${subject}, 'body', now() - make_interval(days => ${created}::int),
                CASE WHEN ${sent}::int IS NULL THEN NULL ELSE now() - make_interval(days => ${sent}::int) END, ${attempts}::int)`);
    }

    expect(await pruneMail(database.db, new Date(Date.now() - 30 * 86_400_000))).toBe(3);
    const left = await database.db.execute<{ subject: string }>(sql`SELECT subject FROM mail_outbox ORDER BY id`);
    expect(left.rows.map((r) => r.subject)).toEqual(['sent yesterday', 'queued long ago, sent yesterday', 'queued long ago, still retrying', 'given up yesterday']);
    expect(await pruneMail(database.db, new Date(Date.now() - 30 * 86_400_000))).toBe(0);
  });
});

// PostgreSQL only: on PGlite, one connection, nothing else runs while a mail is being handed over anyway.
describe.runIf(postgresAvailable())('mail outbox while the mail server is slow', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase('postgres');
  });
  afterAll(async () => database?.close());

  it('sending holds no transaction: live events committed meanwhile are delivered at once, and the mail is sent once', async () => {
    await queueMail(database.db, { to: 'driver@example.test', subject: 'slow', text: 'body' });
    const { tail } = await readAfter(database.db, START, null, 1, true);
    // A mail server that accepts the message only when the test says so.
    let accept!: () => void;
    let handedOver!: () => void;
    const inSend = new Promise<void>((resolve) => (handedOver = resolve));
    const sent: string[] = [];
    const slow = {
      send: (mail: { subject: string }) =>
        new Promise<void>((resolve) => {
          handedOver();
          accept = () => {
            sent.push(mail.subject);
            resolve();
          };
        }),
    };
    const drain = sendQueuedMail(database.db, slow);
    await inSend;
    try {
      // Meanwhile a booking elsewhere commits a live event: readers must see it now, not when the mail has gone.
      // xids are server-wide, so a write transaction in another test file's database can hold the event back for
      // a moment; the mail is held until the end of this block, so seeing the event at all proves it was not
      // waiting for the mail.
      await appendEvent(database.db, 'lot:elsewhere', 'availability', { available_slots: 3 });
      expect(await topicsOnceDelivered(tail ?? START)).toEqual(['lot:elsewhere']);

      // A second drain meanwhile (another API process) does not send the mail being sent.
      expect(await sendQueuedMail(database.db, memoryMailer())).toBe(0);
    } finally {
      accept();
    }
    expect(await drain).toBe(1);
    expect(sent).toEqual(['slow']);
    const row = await database.db.execute<{ sent: boolean }>(sql`SELECT sent_at IS NOT NULL AS sent FROM mail_outbox WHERE subject = 'slow'`);
    expect(row.rows[0]!.sent).toBe(true);
  });

  async function topicsOnceDelivered(from: Position): Promise<string[]> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const page = await readAfter(database.db, from, null, 10);
      if (page.events.length > 0 || Date.now() > deadline) return page.events.map((e) => e.event.topic);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
});
