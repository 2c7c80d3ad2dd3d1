import { randomUUID } from 'node:crypto';
import type { SniffedImage } from './sniff';

/** A fresh key such as "lots/<lot id>/<uuid>.png"; never reused, so its bytes can be cached forever. */
export function newImageKey(scope: 'lots' | 'reviews', parentId: string, image: SniffedImage): string {
  return `${scope}/${parentId.toLowerCase()}/${randomUUID()}.${image.extension}`;
}

/** The key back from a URL this API handed out, or null for anything else. */
export function keyFromUrl(url: string, prefix: string): string | null {
  return url.startsWith(prefix) ? url.slice(prefix.length) : null;
}
