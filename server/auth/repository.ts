import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { passwordResets, sessions, userSettings, users } from '../../db/central/schema';
import type { Executor } from '../db';

export type NewUser = typeof users.$inferInsert;

export async function insertUser(db: Executor, user: NewUser) {
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(users).values(user).onConflictDoNothing({ target: users.email }).returning();
    if (row) await tx.insert(userSettings).values({ userId: row.id });
    return row ?? null;
  });
}

export async function findUserByEmail(db: Executor, email: string) {
  return (await db.query.users.findFirst({ where: eq(users.email, email) })) ?? null;
}

export async function findUserById(db: Executor, id: string) {
  return (await db.query.users.findFirst({ where: eq(users.id, id) })) ?? null;
}

export async function touchLastLogin(db: Executor, id: string) {
  const [row] = await db.update(users).set({ lastLogin: sql`now()` }).where(eq(users.id, id)).returning();
  return row!;
}

export interface NewSession {
  id: string;
  userId: string;
  familyId: string;
  tokenHash: string;
  expiresAt: Date;
  ipAddress: string | null;
  userAgent: string | null;
}

export async function insertSession(db: Executor, s: NewSession) {
  await db.insert(sessions).values({
    id: s.id,
    userId: s.userId,
    familyId: s.familyId,
    refreshToken: s.tokenHash,
    expiresAt: s.expiresAt,
    ipAddress: s.ipAddress,
    userAgent: s.userAgent,
  });
}

export async function findSession(db: Executor, id: string, tokenHash: string) {
  return (
    (await db.query.sessions.findFirst({ where: and(eq(sessions.id, id), eq(sessions.refreshToken, tokenHash)) })) ?? null
  );
}

/** Marks a live session rotated; false if someone else rotated or revoked it first (a concurrent reuse). */
export async function markRotated(db: Executor, id: string): Promise<boolean> {
  const rows = await db
    .update(sessions)
    .set({ rotatedAt: sql`now()`, lastUsed: sql`now()` })
    .where(and(eq(sessions.id, id), isNull(sessions.rotatedAt), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return rows.length === 1;
}

/** Revokes every session of a sign-in; returns their ids (their access tokens die with them). */
export async function revokeFamily(db: Executor, familyId: string): Promise<string[]> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(sessions.familyId, familyId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return rows.map((r) => r.id);
}

export async function revokeAllSessions(db: Executor, userId: string): Promise<string[]> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return rows.map((r) => r.id);
}

export async function insertPasswordReset(db: Executor, userId: string, tokenHash: string, expiresAt: Date) {
  await db.insert(passwordResets).values({ userId, tokenHash, expiresAt });
}

/** Uses a reset token: succeeds once, only before it expires. */
export async function consumePasswordReset(db: Executor, tokenHash: string): Promise<string | null> {
  const [row] = await db
    .update(passwordResets)
    .set({ usedAt: sql`now()` })
    .where(and(eq(passwordResets.tokenHash, tokenHash), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, sql`now()`)))
    .returning({ userId: passwordResets.userId });
  return row?.userId ?? null;
}

export async function setPasswordHash(db: Executor, userId: string, passwordHash: string) {
  await db.update(users).set({ passwordHash, updatedAt: sql`now()` }).where(eq(users.id, userId));
}
