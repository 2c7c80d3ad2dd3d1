import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm';
import { parkingSpots, reviewImages, reviews, users } from '../../db/central/schema';
import type { Executor } from '../db';

export type ReviewRow = typeof reviews.$inferSelect;
export type ReviewImageRow = typeof reviewImages.$inferSelect;
export type ReviewWithAuthor = ReviewRow & { userName: string };

const withAuthor = { review: reviews, userName: users.name };

export async function findReview(db: Executor, id: string, lock = false): Promise<ReviewRow | null> {
  const q = db.select().from(reviews).where(eq(reviews.id, id));
  const [row] = lock ? await q.for('update') : await q;
  return row ?? null;
}

export async function findReviewWithAuthor(db: Executor, id: string): Promise<ReviewWithAuthor | null> {
  const [row] = await db.select(withAuthor).from(reviews).innerJoin(users, eq(users.id, reviews.userId)).where(eq(reviews.id, id));
  return row ? { ...row.review, userName: row.userName } : null;
}

const ORDER = {
  newest: [desc(reviews.createdAt), asc(reviews.id)],
  highest: [desc(reviews.rating), desc(reviews.createdAt), asc(reviews.id)],
  lowest: [asc(reviews.rating), desc(reviews.createdAt), asc(reviews.id)],
} as const;

export async function listForLot(db: Executor, spotId: string, sort: keyof typeof ORDER, limit: number, offset: number) {
  const where = eq(reviews.spotId, spotId);
  const [rows, [total]] = await Promise.all([
    db.select(withAuthor).from(reviews).innerJoin(users, eq(users.id, reviews.userId)).where(where).orderBy(...ORDER[sort]).limit(limit).offset(offset),
    db.select({ n: count() }).from(reviews).where(where),
  ]);
  return { items: rows.map((r) => ({ ...r.review, userName: r.userName })), total: total?.n ?? 0 };
}

export async function imagesFor(db: Executor, reviewIds: string[]): Promise<Map<string, ReviewImageRow[]>> {
  const out = new Map<string, ReviewImageRow[]>();
  if (reviewIds.length === 0) return out;
  const rows = await db.select().from(reviewImages).where(inArray(reviewImages.reviewId, reviewIds)).orderBy(asc(reviewImages.createdAt), asc(reviewImages.id));
  for (const r of rows) out.set(r.reviewId, [...(out.get(r.reviewId) ?? []), r]);
  return out;
}

export async function insertReview(tx: Executor, row: typeof reviews.$inferInsert): Promise<ReviewRow> {
  const [created] = await tx.insert(reviews).values(row).returning();
  return created!;
}

export async function updateReview(tx: Executor, id: string, patch: Partial<typeof reviews.$inferInsert>): Promise<ReviewRow> {
  const [row] = await tx.update(reviews).set({ ...patch, updatedAt: sql`now()` }).where(eq(reviews.id, id)).returning();
  return row!;
}

export async function deleteReview(tx: Executor, id: string): Promise<ReviewImageRow[]> {
  const images = await tx.delete(reviewImages).where(eq(reviewImages.reviewId, id)).returning();
  await tx.delete(reviews).where(eq(reviews.id, id));
  return images;
}

/**
 * Rewrites the lot's rating and count from its reviews. The caller holds the lot's row lock, so two reviews
 * of one lot are counted one after the other and neither is lost.
 */
export async function refreshLotRating(tx: Executor, spotId: string): Promise<{ rating: number; reviewCount: number }> {
  const [row] = await tx
    .update(parkingSpots)
    .set({
      rating: sql`(SELECT coalesce(round(avg(${reviews.rating})::numeric, 2), 0) FROM ${reviews} WHERE ${reviews.spotId} = ${spotId})`,
      reviewCount: sql`(SELECT count(*)::int FROM ${reviews} WHERE ${reviews.spotId} = ${spotId})`,
      updatedAt: sql`now()`,
    })
    .where(eq(parkingSpots.id, spotId))
    .returning({ rating: parkingSpots.rating, reviewCount: parkingSpots.reviewCount });
  return { rating: Number(row!.rating), reviewCount: row!.reviewCount };
}

export async function countImages(db: Executor, reviewId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(reviewImages).where(eq(reviewImages.reviewId, reviewId));
  return row?.n ?? 0;
}

export async function insertImage(tx: Executor, reviewId: string, imageUrl: string): Promise<ReviewImageRow> {
  const [row] = await tx.insert(reviewImages).values({ reviewId, imageUrl }).returning();
  return row!;
}

export async function deleteImage(tx: Executor, reviewId: string, imageId: string): Promise<ReviewImageRow | null> {
  const [row] = await tx.delete(reviewImages).where(and(eq(reviewImages.id, imageId), eq(reviewImages.reviewId, reviewId))).returning();
  return row ?? null;
}

export async function listForLotByBooking(db: Executor, bookingId: string): Promise<ReviewRow[]> {
  return db.select().from(reviews).where(eq(reviews.bookingId, bookingId)).limit(1);
}
