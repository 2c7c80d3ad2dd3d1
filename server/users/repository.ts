import { eq, sql } from 'drizzle-orm';
import { userSettings, users } from '../../db/central/schema';
import type { Executor } from '../db';

export async function findUser(db: Executor, id: string) {
  return (await db.query.users.findFirst({ where: eq(users.id, id) })) ?? null;
}

export async function updateUser(db: Executor, id: string, patch: Partial<typeof users.$inferInsert>) {
  const [row] = await db.update(users).set({ ...patch, updatedAt: sql`now()` }).where(eq(users.id, id)).returning();
  return row ?? null;
}

/** A user's settings; the row is created on first read for accounts that predate it. */
export async function getSettings(db: Executor, userId: string) {
  await db.insert(userSettings).values({ userId }).onConflictDoNothing();
  return (await db.query.userSettings.findFirst({ where: eq(userSettings.userId, userId) }))!;
}

export async function updateSettings(db: Executor, userId: string, patch: Partial<typeof userSettings.$inferInsert>) {
  await db.insert(userSettings).values({ userId }).onConflictDoNothing();
  const [row] = await db
    .update(userSettings)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(eq(userSettings.userId, userId))
    .returning();
  return row!;
}
