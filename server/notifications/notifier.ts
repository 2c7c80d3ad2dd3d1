// Writes notifications. Inside the caller's transaction: the row, its dedupe key, its live event and its
// e-mail in the outbox (so a rolled-back change notifies no one and a retried one notifies once). The
// e-mail is sent after commit by drain(), never inside the change: a slow mail server must not hold it up.
import type { Notification } from '../../src/shared/api/notifications';
import type { Mailer } from '../auth/mailer';
import type { Executor } from '../db';
import type { LiveHub } from '../live/hub';
import { userTopic } from '../live/policy';
import { render, type NotificationEvent } from './messages';
import { queueMail, sendQueuedMail } from './outbox';
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
  private draining: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: NotifierDeps) {}

  /** Writes the notification in `tx` unless the user opted out or it was already written; null then. */
  async write(tx: Executor, userId: string, event: NotificationEvent): Promise<Delivery | null> {
    const recipient = await repo.findRecipient(tx, userId);
    if (!recipient || !recipient.isActive) return null;
    const n = render(event);
    if (n.setting && !recipient[settingField[n.setting]]) return null;
    if (!(await repo.claimKey(tx, userId, n.dedupe_key))) return null;
    const row = await repo.insertNotification(tx, { userId, title: n.title, message: n.message, type: n.type, actionUrl: n.action_url });
    const notification = toNotification(row);
    if (this.deps.hub && recipient.pushNotifications) await this.deps.hub.publish(userTopic(userId), 'notification', notification, tx);
    const mailed = Boolean(n.email && recipient.emailNotifications);
    if (n.email && mailed) await queueMail(tx, { to: recipient.email, ...n.email });
    return { notification, mailed };
  }

  /** Sends queued e-mail now (call after a commit that may have queued some). Runs one drain at a time. */
  drain(): Promise<void> {
    this.draining = this.draining
      .then(() => sendQueuedMail(this.deps.db, this.deps.mailer, this.deps.log))
      .then(() => undefined)
      .catch((err: unknown) => this.deps.log?.warn({ err: (err as Error).message }, 'mail outbox drain failed'));
    return this.draining;
  }

  /** Retries queued e-mail every `everyMs` (mail that failed, or was queued by a process that died). */
  start(everyMs = 30_000): void {
    this.timer ??= setInterval(() => void this.drain(), everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.draining;
  }

  /** write + commit + drain, for callers that have no transaction of their own. */
  async notify(db: Executor, userId: string, event: NotificationEvent): Promise<Delivery | null> {
    const delivery = await db.transaction((tx) => this.write(tx, userId, event));
    if (delivery?.mailed) await this.drain();
    return delivery;
  }
}

const settingField = {
  booking_reminders: 'bookingReminders',
  system_updates: 'systemUpdates',
  promotions: 'promotions',
} as const;
