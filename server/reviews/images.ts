// Review photos: the file is stored first (no lock held during a slow upload), then the row is written
// under the review's row lock, which is where the per-review limit is checked; a refused or failed row
// takes its stored file away again.
import type { ReviewImage } from '../../src/shared/api/reviews';
import type { Actor } from '../auth/tokens';
import type { Executor } from '../db';
import { conflict, forbidden, notFound } from '../errors';
import { newImageKey, putUpload, type ImageUpload, type Storage } from '../storage/index';
import * as repo from './repository';

export const MAX_IMAGES_PER_REVIEW = 5;

export async function addReviewImage(db: Executor, storage: Storage, actor: Actor, reviewId: string, upload: ImageUpload): Promise<ReviewImage> {
  const review = await repo.findReview(db, reviewId);
  if (!review) throw notFound('review');
  if (review.userId !== actor.id) throw forbidden('only the author may add photos to a review');
  const key = newImageKey('reviews', reviewId, upload.image);
  await putUpload(storage, key, upload.bytes, upload.image.contentType);
  try {
    const row = await db.transaction(async (tx) => {
      if (!(await repo.findReview(tx, reviewId, true))) throw notFound('review');
      if ((await repo.countImages(tx, reviewId)) >= MAX_IMAGES_PER_REVIEW) {
        throw conflict(`a review has at most ${MAX_IMAGES_PER_REVIEW} photos`, 'too_many_images');
      }
      return repo.insertImage(tx, reviewId, storage.url(key));
    });
    return { id: row.id, image_url: row.imageUrl, created_at: row.createdAt.toISOString() };
  } catch (err) {
    await storage.delete(key).catch(() => undefined);
    throw err;
  }
}

export async function removeReviewImage(db: Executor, storage: Storage, actor: Actor, reviewId: string, imageId: string): Promise<void> {
  const review = await repo.findReview(db, reviewId);
  if (!review) throw notFound('review');
  if (review.userId !== actor.id && actor.user_type !== 'admin') throw forbidden('only the author or an admin may remove a photo');
  const removed = await repo.deleteImage(db, reviewId, imageId);
  if (!removed) throw notFound('image');
  await dropStored(storage, [removed.imageUrl]);
}

/** Deletes stored files behind URLs this storage issued; other URLs and failures are left alone. */
export async function dropStored(storage: Storage, urls: string[], log?: { warn(obj: object, msg: string): void }): Promise<void> {
  for (const url of urls) {
    const key = storage.keyOf(url);
    if (!key) continue;
    await storage.delete(key).catch((err: Error) => log?.warn({ err: err.message, key }, 'stored image not deleted'));
  }
}
