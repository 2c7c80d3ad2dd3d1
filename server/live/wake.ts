// NOTIFY sent after a commit instead of inside it. PostgreSQL serialises the commits of notifying
// transactions (a global lock held through the WAL flush), so a busy writer path (booking creation) does
// not notify in its transaction: it asks for the wake-ups here once committed, and they leave coalesced —
// one statement carrying every distinct (channel, payload) asked for while the previous one was in flight.
// A process that dies between its commit and this statement loses only the wake-up: readers also poll.
import { sql } from 'drizzle-orm';
import { Statement } from '../db/prepared';
import type { Executor } from '../db/types';

export type Wake = readonly [channel: string, payload: string];

// Sent after about every other booking under load: prepared, like the booking's own statements.
const notifyStatement = new Statement(() => sql`SELECT count(pg_notify(w->>0, w->>1)) FROM jsonb_array_elements(${sql.placeholder('batch')}::jsonb) AS w`);

export class Announcer {
  private readonly pending = new Map<string, Wake>();
  private sending: Promise<void> | null = null;

  constructor(
    private readonly db: Executor,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** Queues the NOTIFYs; never waits (the change they announce has committed already). */
  send(wakes: readonly Wake[]): void {
    for (const w of wakes) this.pending.set(`${w[0]}\u0000${w[1]}`, w);
    this.sending ??= this.flush();
  }

  /** Resolves once everything queued so far has been sent (shutdown, tests). */
  async settled(): Promise<void> {
    while (this.sending) await this.sending;
  }

  private async flush(): Promise<void> {
    await null; // so that `sending` is set before this runs, and cleared by the same tick that sees nothing left
    while (this.pending.size > 0) {
      const batch = JSON.stringify([...this.pending.values()]);
      this.pending.clear();
      try {
        await notifyStatement.run(this.db, { batch });
      } catch (err) {
        this.onError(err);
      }
    }
    this.sending = null;
  }
}
