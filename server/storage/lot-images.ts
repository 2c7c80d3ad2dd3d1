// A lot's photos: upload (owner or admin), reorder, choose the primary one (display_order 0, shown first),
// delete. Every change runs under the lot's row lock, so concurrent edits cannot interleave orders.
import { and, asc, eq, max, sql } from 'drizzle-orm';
import { parkingSpotImages } from '../../db/central/schema';
import type { LotImage } from '../../src/shared/api/images';
import type { Actor } from '../auth/tokens';
import type { Executor } from '../db';
import { badRequest, conflict, notFound } from '../errors';
import { manageableLot } from '../spots/service';
import { newImageKey } from './keys';
import { type Storage, putUpload } from './storage';
import type { ImageUpload } from './upload';

export const MAX_IMAGES_PER_LOT = 20;

type Row = typeof parkingSpotImages.$inferSelect;
const toImage = (r: Row): LotImage => ({ id: r.id, image_url: r.imageUrl, display_order: r.displayOrder });

async function imagesOf(db: Executor, lotId: string): Promise<Row[]> {
  return db.select().from(parkingSpotImages).where(eq(parkingSpotImages.spotId, lotId)).orderBy(asc(parkingSpotImages.displayOrder), asc(parkingSpotImages.createdAt));
}

/** Writes display_order 0..n-1 in the given order. */
async function renumber(tx: Executor, ids: string[]): Promise<void> {
  for (const [i, id] of ids.entries()) await tx.update(parkingSpotImages).set({ displayOrder: i }).where(eq(parkingSpotImages.id, id));
}

export async function addLotImage(db: Executor, storage: Storage, actor: Actor, lotId: string, upload: ImageUpload): Promise<LotImage> {
  // Check first so a stranger's upload is not even stored; checked again under the lock below.
  await db.transaction((tx) => manageableLot(tx, actor, lotId));
  const key = newImageKey('lots', lotId, upload.image);
  await putUpload(storage, key, upload.bytes, upload.image.contentType);
  try {
    return await db.transaction(async (tx) => {
      await manageableLot(tx, actor, lotId);
      const [top] = await tx.select({ n: max(parkingSpotImages.displayOrder), count: sql<number>`count(*)::int` }).from(parkingSpotImages).where(eq(parkingSpotImages.spotId, lotId));
      if ((top?.count ?? 0) >= MAX_IMAGES_PER_LOT) throw conflict(`a lot has at most ${MAX_IMAGES_PER_LOT} photos`, 'too_many_images');
      const [row] = await tx
        .insert(parkingSpotImages)
        .values({ spotId: lotId, imageUrl: storage.url(key), displayOrder: top?.n === null || top?.n === undefined ? 0 : top.n + 1 })
        .returning();
      return toImage(row!);
    });
  } catch (err) {
    await storage.delete(key).catch(() => undefined);
    throw err;
  }
}

export async function reorderLotImages(db: Executor, actor: Actor, lotId: string, ids: string[]): Promise<LotImage[]> {
  return db.transaction(async (tx) => {
    await manageableLot(tx, actor, lotId);
    const current = await imagesOf(tx, lotId);
    const known = new Set(current.map((r) => r.id));
    if (new Set(ids).size !== ids.length || ids.length !== known.size || !ids.every((id) => known.has(id))) {
      throw badRequest("image_ids must list each of the lot's photos exactly once", 'not_a_permutation');
    }
    await renumber(tx, ids);
    return (await imagesOf(tx, lotId)).map(toImage);
  });
}

export async function makePrimary(db: Executor, actor: Actor, lotId: string, imageId: string): Promise<LotImage[]> {
  return db.transaction(async (tx) => {
    await manageableLot(tx, actor, lotId);
    const ids = (await imagesOf(tx, lotId)).map((r) => r.id);
    if (!ids.includes(imageId)) throw notFound('image');
    await renumber(tx, [imageId, ...ids.filter((id) => id !== imageId)]);
    return (await imagesOf(tx, lotId)).map(toImage);
  });
}

/** Removes the photo and closes the gap in the order; its stored file goes after the commit. */
export async function removeLotImage(db: Executor, storage: Storage, actor: Actor, lotId: string, imageId: string): Promise<void> {
  const url = await db.transaction(async (tx) => {
    await manageableLot(tx, actor, lotId);
    const [removed] = await tx
      .delete(parkingSpotImages)
      .where(and(eq(parkingSpotImages.id, imageId), eq(parkingSpotImages.spotId, lotId)))
      .returning();
    if (!removed) throw notFound('image');
    await renumber(tx, (await imagesOf(tx, lotId)).map((r) => r.id));
    return removed.imageUrl;
  });
  const key = storage.keyOf(url);
  if (key) await storage.delete(key).catch(() => undefined);
}

export async function listLotImages(db: Executor, lotId: string): Promise<LotImage[]> {
  return (await imagesOf(db, lotId)).map(toImage);
}
