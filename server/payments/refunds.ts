// Pays refunds decided at cancellation. The cancel itself only records what is owed (bookings.refund_amount);
// this run sends it to Stripe afterwards, outside any transaction, with an idempotency key per booking and
// amount, so a crash, a retry or two API processes at once can never refund twice.
import type { Executor } from '../db';
import { decimalToCents } from '../db/money';
import { refundsDue } from './repository';
import { applyRefunded, type PaymentDeps } from './service';

export class RefundRunner {
  private running: Promise<number> = Promise.resolve(0);
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Executor,
    private readonly deps: PaymentDeps,
    private readonly log?: { warn(obj: object, msg: string): void },
  ) {}

  /** Runs once now (after any run in progress); resolves with the number of refunds paid. */
  run(): Promise<number> {
    this.running = this.running.then(() => this.pass()).catch((err: unknown) => {
      this.log?.warn({ err: (err as Error).message }, 'refund run failed');
      return 0;
    });
    return this.running;
  }

  start(everyMs = 30_000): void {
    if (!this.deps.stripe) return;
    this.timer ??= setInterval(() => void this.run(), everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private async pass(): Promise<number> {
    const stripe = this.deps.stripe;
    if (!stripe) return 0;
    let paid = 0;
    for (const due of await refundsDue(this.db)) {
      const owed = decimalToCents(due.owed);
      const amount = owed - decimalToCents(due.refunded);
      try {
        const refund = await stripe.refunds.create(
          { payment_intent: due.intentId, amount, reason: 'requested_by_customer', metadata: { booking_id: due.bookingId } },
          { idempotencyKey: `parkpass:refund:${due.bookingId}:${owed}` },
        );
        await this.db.transaction((tx) => applyRefunded(tx, this.deps, due.intentId, owed, refund.id));
        paid++;
      } catch (err) {
        this.log?.warn({ err: (err as Error).message, booking: due.bookingId }, 'refund not paid yet; will retry');
      }
    }
    if (paid > 0) await this.deps.notifier.drain();
    return paid;
  }
}
