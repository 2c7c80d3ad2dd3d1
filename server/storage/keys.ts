import { randomUUID } from 'node:crypto';
import type { SniffedImage } from './sniff';

/** A fresh key such as "lots/<lot id>/<uuid>.png"; never reused, so its bytes can be cached forever. */
export function newImageKey(scope: 'lots' | 'reviews', parentId: string, image: SniffedImage): string {
  return `${scope}/${parentId.toLowerCase()}/${randomUUID()}.${image.extension}`;
}
