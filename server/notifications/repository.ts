// Queries of notifications. The dedupe table (notification_dedupe) makes writing the same
// notification twice a no-op, inside the caller's transaction.
import { and, count, desc, eq, sql, type SQL } from 'drizzle-orm';
import { notifications } from '../../db/central/schema';
import type { Executor } from '../db';
import { LIVE_CHANNEL, type NewEvent, eventsJson } from '../live/store';
import { type Fragment, statements } from '../db/prepared';

export type NotificationRow = typeof notifications.$inferSelect;

export async function listNotifications(db: Executor, userId: string, unreadOnly: boolean, limit: number, offset: number) {
  const where = and(eq(notifications.userId, userId), unreadOnly ? eq(notifications.isRead, false) : undefined);
  const [items, [total], [unread]] = await Promise.all([
    db.select().from(notifications).where(where).orderBy(desc(notifications.createdAt), desc(notifications.id)).limit(limit).offset(offset),
    db.select({ n: count() }).from(notifications).where(where),
    db.select({ n: count() }).from(notifications).where(and(eq(notifications.userId, userId), eq(notifications.isRead, false))),
  ]);
  return { items, total: total?.n ?? 0, unread: unread?.n ?? 0 };
}

/** Marks one of the user's notifications read; null when it is not theirs or does not exist. */
export async function markRead(db: Executor, userId: string, id: string): Promise<NotificationRow | null> {
  const [row] = await db
    .update(notifications)
    .set({ isRead: true })
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
    .returning();
  return row ?? null;
}

export async function markAllRead(db: Executor, userId: string): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ isRead: true })
    .where(and(eq(notifications.userId, userId), eq(notifications.isRead, false)))
    .returning({ id: notifications.id });
  return rows.length;
}

/** The user_settings column that silences a kind, and its value for a user who never saved settings. */
const SWITCHES = {
  booking_reminders: ['booking_reminders', true],
  system_updates: ['system_updates', true],
  promotions: ['promotions', false],
} as const;

export interface NotificationWrite {
  userId: string;
  dedupeKey: string;
  setting: keyof typeof SWITCHES | null;
  title: string;
  message: string;
  type: NotificationRow['type'];
  actionUrl: string;
  email: { subject: string; text: string } | null;
  /** The live topic the notification itself is published on (if the user allows push), or null for none. */
  liveTopic: string | null;
  /** More live events written by the same statement after the notification's own (which comes first). */
  events: readonly NewEvent[];
  /** NOTIFY the live readers in this transaction (see server/live/store.ts appendEvents). */
  wake: boolean;
}

/**
 * Writes a notification in ONE statement: checks the user (active, not opted out of the kind), claims the
 * dedupe key, inserts the notification, its e-mail in the outbox (if the user takes e-mail) and the live
 * events. Null when nothing was notified (unknown or inactive user, opted out, or written before); the
 * `events` are written either way.
 */
export async function writeNotification(tx: Executor, w: NotificationWrite): Promise<{ row: NotificationRow; mailed: boolean } | null> {
  const result = await writeStatement(`${w.setting ?? ''}|${w.wake}`).run(tx, notificationValues(w));
  const out = result.rows[0]!;
  if (!out.row) return null;
  const r = out.row;
  return {
    row: {
      id: r.id as string,
      userId: r.user_id as string,
      title: r.title as string,
      message: r.message as string,
      type: r.type as NotificationRow['type'],
      isRead: r.is_read as boolean,
      actionUrl: r.action_url as string | null,
      createdAt: new Date(r.created_at as string),
    },
    mailed: out.mailed,
  };
}

/**
 * The CTEs of a notification write (see writeNotification), for a WITH list: nt_recipient, nt_dedupe, nt_row
 * (the notification), nt_mail and nt_events. One text per opt-out switch; placeholders are named nt_*.
 */
const notificationCtes = (() => {
  const bySetting = new Map<string, SQL>();
  return (setting: NotificationWrite['setting']): SQL => {
    const key = setting ?? '';
    const cached = bySetting.get(key);
    if (cached) return cached;
    const [column, fallback] = setting ? SWITCHES[setting] : [null, true];
    const allowed = column ? sql`AND coalesce(s.${sql.raw(column)}, ${sql.raw(String(fallback))})` : sql``;
    const p = (name: string) => sql.placeholder(`nt_${name}`);
    const ctes = sql`nt_recipient AS (
      SELECT u.email, coalesce(s.push_notifications, true) AS push, coalesce(s.email_notifications, true) AS mail
      FROM users u LEFT JOIN user_settings s ON s.user_id = u.id
      WHERE u.id = ${p('user')} AND u.is_active ${allowed}
    ), nt_dedupe AS (
      INSERT INTO notification_dedupe (user_id, dedupe_key) SELECT ${p('user')}, ${p('dedupe')} FROM nt_recipient
      ON CONFLICT DO NOTHING RETURNING user_id
    ), nt_row AS (
      INSERT INTO notifications (user_id, title, message, type, action_url, created_at)
      SELECT ${p('user')}, ${p('title')}, ${p('message')}, ${p('type')}, ${p('action')}, date_trunc('milliseconds', now()) FROM nt_dedupe
      RETURNING id, user_id, title, message, type, is_read, action_url, created_at
    ), nt_mail AS (
      INSERT INTO mail_outbox (to_address, subject, body)
      SELECT r.email, ${p('subject')}, ${p('text')} FROM nt_row, nt_recipient r WHERE r.mail AND ${p('mail')}::boolean
      RETURNING 1
    ), nt_events AS (
      INSERT INTO live_events (topic, kind, payload)
      SELECT x.topic, x.kind, x.payload FROM (
        SELECT 0::bigint AS ord, ${p('topic')}::text AS topic, 'notification' AS kind,
          jsonb_build_object('id', n.id, 'user_id', n.user_id, 'title', n.title, 'message', n.message, 'type', n.type,
            'is_read', n.is_read, 'action_url', n.action_url,
            'created_at', to_char(n.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) AS payload
        FROM nt_row n, nt_recipient r WHERE r.push AND ${p('live')}::boolean
        UNION ALL
        SELECT x.ord, x.e->>'topic', x.e->>'kind', x.e->'data' FROM jsonb_array_elements(${p('events')}::jsonb) WITH ORDINALITY AS x(e, ord)
      ) x ORDER BY x.ord
      RETURNING 1
    )`;
    bySetting.set(key, ctes);
    return ctes;
  };
})();

/** The placeholders' values of notificationCtes for `w`. */
function notificationValues(w: Omit<NotificationWrite, 'wake'>): Record<string, unknown> {
  return {
    nt_user: w.userId,
    nt_dedupe: w.dedupeKey,
    nt_title: w.title,
    nt_message: w.message,
    nt_type: w.type,
    nt_action: w.actionUrl,
    nt_subject: w.email?.subject ?? '',
    nt_text: w.email?.text ?? '',
    nt_mail: w.email !== null,
    nt_topic: w.liveTopic ?? '',
    nt_live: w.liveTopic !== null,
    nt_events: eventsJson(w.events),
  };
}

/**
 * writeNotification as CTEs for the statement of the change it is about (a new booking and its notification in
 * one round trip). Readers are not woken: the change's caller announces after its commit.
 */
export function notificationFragment(w: Omit<NotificationWrite, 'wake'>): Fragment {
  return { key: `notification:${w.setting ?? ''}`, ctes: notificationCtes(w.setting), values: notificationValues(w) };
}

/** One text per opt-out switch and wake flag (see writeNotification). */
const writeStatement = statements<string, { row: Record<string, unknown> | null; mailed: boolean }>((variant) => {
  const [setting, wake] = variant.split('|') as [keyof typeof SWITCHES | '', string];
  const notify = wake === 'true' ? sql`, pg_notify(${LIVE_CHANNEL}, '')` : sql``;
  return sql`
    WITH ${notificationCtes(setting || null)}
    SELECT (SELECT row_to_json(nt_row) FROM nt_row) AS row, EXISTS (SELECT 1 FROM nt_mail) AS mailed,
      (SELECT count(*) FROM nt_events) AS events${notify}`;
});
