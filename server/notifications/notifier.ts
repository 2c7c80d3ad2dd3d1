// Writes notifications. Inside the caller's transaction, in one statement: the row, its dedupe key, its live
// event and its e-mail in the outbox (so a rolled-back change notifies no one and a retried one notifies once). The
// e-mail is sent after commit by drain(), never inside the change: a slow mail server must not hold it up.
import type { Notification } from '../../src/shared/api/notifications';
import type { Mailer } from '../auth/mailer';
import type { Executor } from '../db';
import type { Fragment } from '../db/prepared';
import type { LiveHub } from '../live/hub';
import { userTopic } from '../live/policy';
import type { NewEvent } from '../live/store';
import { render, type NotificationEvent } from './messages';
import { sendQueuedMail } from './outbox';
import * as repo from './repository';

export interface Delivery {
  notification: Notification;
  /** Whether an e-mail was queued with it. */
  mailed: boolean;
}

export interface NotifierDeps {
  db: Executor;
  mailer: Mailer;
  hub?: LiveHub | null;
  log?: { warn(obj: object, msg: string): void };
}

export function toNotification(row: repo.NotificationRow): Notification {
  return {
    id: row.id,
    user_id: row.userId,
    title: row.title,
    message: row.message,
    type: row.type,
    is_read: row.isRead,
    action_url: row.actionUrl,
    created_at: row.createdAt.toISOString(),
  };
}

export class Notifier {
  private running: Promise<void> | null = null;
  private waiting: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: NotifierDeps) {}

  /**
   * Writes the notification in `tx` unless the user opted out or it was already written; null then. One
   * statement: the notification, its dedupe key, its e-mail in the outbox, its live event and `also` (more
   * live events of the same change, written either way). `wake: false` for a caller that announces the
   * live events itself after its commit (LiveHub.announce).
   */
  async write(tx: Executor, userId: string, event: NotificationEvent, opts: { also?: readonly NewEvent[]; wake?: boolean } = {}): Promise<Delivery | null> {
    const written = await repo.writeNotification(tx, { ...this.toWrite(userId, event, opts.also ?? []), wake: opts.wake !== false });
    return written && { notification: toNotification(written.row), mailed: written.mailed };
  }

  /** The same writes as `write`, as CTEs for the statement of the change itself (no NOTIFY: announce after commit). */
  fragment(userId: string, event: NotificationEvent, also: readonly NewEvent[]): Fragment {
    return repo.notificationFragment(this.toWrite(userId, event, also));
  }

  private toWrite(userId: string, event: NotificationEvent, also: readonly NewEvent[]): Omit<repo.NotificationWrite, 'wake'> {
    const n = render(event);
    return {
      userId,
      dedupeKey: n.dedupe_key,
      setting: n.setting,
      title: n.title,
      message: n.message,
      type: n.type,
      actionUrl: n.action_url,
      email: n.email ? { subject: n.email.subject, text: n.email.text } : null,
      liveTopic: this.deps.hub ? userTopic(userId) : null,
      events: also,
    };
  }

  /**
   * Sends queued e-mail now (call after a commit that may have queued some). One drain runs at a time and
   * at most one waits behind it: every caller arriving meanwhile shares the waiting one, which starts after
   * their commits, so it sees their mail.
   */
  drain(): Promise<void> {
    if (this.waiting) return this.waiting;
    const run = (): Promise<void> =>
      sendQueuedMail(this.deps.db, this.deps.mailer, this.deps.log)
        .then(() => undefined)
        .catch((err: unknown) => this.deps.log?.warn({ err: (err as Error).message }, 'mail outbox drain failed'));
    if (!this.running) return (this.running = run().finally(() => (this.running = null)));
    return (this.waiting = this.running.then(() => {
      this.waiting = null;
      return (this.running = run().finally(() => (this.running = null)));
    }));
  }

  /** Retries queued e-mail every `everyMs` (mail that failed, or was queued by a process that died). */
  start(everyMs = 30_000): void {
    this.timer ??= setInterval(() => void this.drain(), everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    while (this.waiting ?? this.running) await (this.waiting ?? this.running);
  }

  /** write + commit + drain, for callers that have no transaction of their own. */
  async notify(db: Executor, userId: string, event: NotificationEvent): Promise<Delivery | null> {
    const delivery = await db.transaction((tx) => this.write(tx, userId, event));
    if (delivery?.mailed) await this.drain();
    return delivery;
  }
}
