// Queries of notifications. The dedupe table (notification_dedupe) makes writing the same
// notification twice a no-op, inside the caller's transaction.
import { and, count, desc, eq, sql } from 'drizzle-orm';
import { notifications, userSettings, users } from '../../db/central/schema';
import type { Executor } from '../db';

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

export interface Recipient {
  email: string;
  isActive: boolean;
  bookingReminders: boolean;
  emailNotifications: boolean;
  pushNotifications: boolean;
  promotions: boolean;
  systemUpdates: boolean;
}

/** The user and their settings (the defaults when they never saved any); null when there is no such user. */
export async function findRecipient(db: Executor, userId: string): Promise<Recipient | null> {
  const [row] = await db
    .select({
      email: users.email,
      isActive: users.isActive,
      bookingReminders: sql<boolean>`coalesce(${userSettings.bookingReminders}, true)`,
      emailNotifications: sql<boolean>`coalesce(${userSettings.emailNotifications}, true)`,
      pushNotifications: sql<boolean>`coalesce(${userSettings.pushNotifications}, true)`,
      promotions: sql<boolean>`coalesce(${userSettings.promotions}, false)`,
      systemUpdates: sql<boolean>`coalesce(${userSettings.systemUpdates}, true)`,
    })
    .from(users)
    .leftJoin(userSettings, eq(userSettings.userId, users.id))
    .where(eq(users.id, userId));
  return row ?? null;
}

/** Claims a dedupe key for the user; false when it was already used. */
export async function claimKey(db: Executor, userId: string, key: string): Promise<boolean> {
  const result = await db.execute(
    sql`INSERT INTO notification_dedupe (user_id, dedupe_key) VALUES (${userId}, ${key}) ON CONFLICT DO NOTHING RETURNING 1 AS claimed`,
  );
  return result.rows.length > 0;
}

export async function insertNotification(db: Executor, row: typeof notifications.$inferInsert): Promise<NotificationRow> {
  const [created] = await db.insert(notifications).values(row).returning();
  return created!;
}
