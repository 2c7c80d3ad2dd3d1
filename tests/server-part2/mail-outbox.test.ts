// The mail outbox on a real database: queued e-mail leaves oldest first, in batches, and once only.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryMailer } from '../../server/auth/mailer';
import { queueMail, sendQueuedMail } from '../../server/notifications/outbox';
import { backends, openTestDatabase, type TestDatabase } from '../helpers/pg';

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
});
