// Writes notifications. Inside the caller's transaction: the row, its dedupe key and its live event
// (so a rolled-back change notifies no one and a retried one notifies once). After commit: the e-mail,
// because a slow or failing mail server must never undo or delay the change itself.
import type { Notification } from '../../src/shared/api/notifications';
import type { Mail, Mailer } from '../auth/mailer';
import type { Executor } from '../db';
import type { LiveHub } from '../live/hub';
import { userTopic } from '../live/policy';
import { render, type NotificationEvent } from './messages';
import * as repo from './repository';

export interface Delivery {
  notification: Notification;
  mail: Mail | null;
}

export interface NotifierDeps {
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
    const mail = n.email && recipient.emailNotifications ? { to: recipient.email, ...n.email } : null;
    return { notification, mail };
  }

  /** Sends the e-mails of committed notifications; a failure is logged, the notification stays. */
  async send(deliveries: ReadonlyArray<Delivery | null>): Promise<void> {
    for (const d of deliveries) {
      if (!d?.mail) continue;
      try {
        await this.deps.mailer.send(d.mail);
      } catch (err) {
        this.deps.log?.warn({ err: (err as Error).message, notification: d.notification.id }, 'notification e-mail failed');
      }
    }
  }

  /** write + commit + send, for callers that have no transaction of their own. */
  async notify(db: Executor, userId: string, event: NotificationEvent): Promise<Delivery | null> {
    const delivery = await db.transaction((tx) => this.write(tx, userId, event));
    await this.send([delivery]);
    return delivery;
  }
}

const settingField = {
  booking_reminders: 'bookingReminders',
  system_updates: 'systemUpdates',
  promotions: 'promotions',
} as const;
