/**
 * Review rules: only the customer of a completed booking reviews it, once; the lot's rating and count are
 * rewritten in the same transaction under the lot's row lock; only the author edits; the author or an admin
 * deletes. The lot's owner hears about each new review.
 */
import type { z } from 'zod';
import type { Review, ReviewCreate, ReviewUpdate } from '../../src/shared/api/reviews';
import type { Actor } from '../auth/tokens';
import { findBooking } from '../bookings/repository';
import type { Executor } from '../db';
import { conflict, forbidden, notFound } from '../errors';
import type { LiveHub } from '../live/hub';
import { lotTopic } from '../live/policy';
import type { Notifier } from '../notifications/notifier';
import { lockLot } from '../spots/repository';
import * as repo from './repository';

export interface ReviewDeps {
  notifier: Notifier;
  hub?: LiveHub | null;
}

export function toReview(row: repo.ReviewWithAuthor, images: repo.ReviewImageRow[], viewer: Actor | null): Review {
  const revealed = !row.isAnonymous || viewer?.id === row.userId || viewer?.user_type === 'admin';
  return {
    id: row.id,
    spot_id: row.spotId,
    booking_id: row.bookingId,
    user_id: revealed ? row.userId : null,
    user_name: revealed ? row.userName : null,
    rating: row.rating,
    comment: row.comment,
    is_anonymous: row.isAnonymous,
    images: images.map((i) => ({ id: i.id, image_url: i.imageUrl, created_at: i.createdAt.toISOString() })),
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

export async function reviewView(db: Executor, id: string, viewer: Actor | null): Promise<Review> {
  const row = await repo.findReviewWithAuthor(db, id);
  if (!row) throw notFound('review');
  return toReview(row, (await repo.imagesFor(db, [id])).get(id) ?? [], viewer);
}

async function announceRating(tx: Executor, deps: ReviewDeps, spotId: string): Promise<void> {
  const { rating, reviewCount } = await repo.refreshLotRating(tx, spotId);
  await deps.hub?.publish(lotTopic(spotId), 'rating', { spot_id: spotId, rating, review_count: reviewCount }, tx);
}

export async function createReview(db: Executor, deps: ReviewDeps, actor: Actor, input: z.infer<typeof ReviewCreate>): Promise<Review> {
  const review = await db.transaction(async (tx) => {
    const booking = await findBooking(tx, input.booking_id);
    if (!booking || booking.userId !== actor.id) throw notFound('booking');
    if (booking.status !== 'completed') throw conflict('only a completed booking can be reviewed', 'booking_not_completed');
    const lot = (await lockLot(tx, booking.spotId))!;
    // Under the lot lock, so this check and the insert cannot race another review of the booking.
    const [existing] = (await repo.listForLotByBooking(tx, booking.id)) ?? [];
    if (existing) throw conflict('this booking already has a review', 'already_reviewed');
    const review = await repo.insertReview(tx, {
      userId: actor.id,
      spotId: lot.id,
      bookingId: booking.id,
      rating: input.rating,
      comment: input.comment ?? null,
      isAnonymous: input.is_anonymous,
    });
    await announceRating(tx, deps, lot.id);
    if (lot.ownerId !== actor.id) {
      await deps.notifier.write(tx, lot.ownerId, { kind: 'review_received', review: { id: review.id, lot_id: lot.id, lot_name: lot.name, rating: review.rating } });
    }
    return review;
  });
  await deps.notifier.drain();
  return reviewView(db, review.id, actor);
}

export async function updateReview(db: Executor, deps: ReviewDeps, actor: Actor, id: string, patch: z.infer<typeof ReviewUpdate>): Promise<Review> {
  await db.transaction(async (tx) => {
    const first = await repo.findReview(tx, id);
    if (!first) throw notFound('review');
    if (first.userId !== actor.id) throw forbidden('only the author may edit a review');
    await lockLot(tx, first.spotId);
    await repo.updateReview(tx, id, {
      ...(patch.rating !== undefined && { rating: patch.rating }),
      ...(patch.comment !== undefined && { comment: patch.comment }),
      ...(patch.is_anonymous !== undefined && { isAnonymous: patch.is_anonymous }),
    });
    if (patch.rating !== undefined && patch.rating !== first.rating) await announceRating(tx, deps, first.spotId);
  });
  return reviewView(db, id, actor);
}

/** Deletes the review; returns the image URLs whose stored files should now go. */
export async function deleteReview(db: Executor, deps: ReviewDeps, actor: Actor, id: string): Promise<string[]> {
  return db.transaction(async (tx) => {
    const first = await repo.findReview(tx, id);
    if (!first) throw notFound('review');
    if (first.userId !== actor.id && actor.user_type !== 'admin') throw forbidden('only the author or an admin may delete a review');
    await lockLot(tx, first.spotId);
    const images = await repo.deleteReview(tx, id);
    await announceRating(tx, deps, first.spotId);
    return images.map((i) => i.imageUrl);
  });
}
