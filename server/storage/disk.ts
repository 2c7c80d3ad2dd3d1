// Local-disk storage under <dataDir>/images: written to a temporary file and renamed, so a reader never
// sees half an image and a crash leaves no partial file under a real key.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { IMAGE_ROUTE_PREFIX, assertKey, keyOfUrl, type Storage } from './storage';

const TYPES: Record<string, string> = { jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp', gif: 'image/gif' };

export function diskStorage(root: string, publicBase = IMAGE_ROUTE_PREFIX): Storage {
  const pathOf = (key: string): string => {
    assertKey(key);
    return join(root, ...key.split('/'));
  };
  return {
    kind: 'disk',
    async put(key, body) {
      const target = pathOf(key);
      await mkdir(dirname(target), { recursive: true });
      const temp = `${target}.${randomBytes(6).toString('hex')}.part`;
      await writeFile(temp, body, { mode: 0o640 });
      await rename(temp, target);
    },
    async get(key) {
      let body: Buffer;
      try {
        body = await readFile(pathOf(key));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
      const ext = key.slice(key.lastIndexOf('.') + 1);
      return { body, contentType: TYPES[ext] ?? 'application/octet-stream', etag: `"${createHash('sha256').update(body).digest('hex').slice(0, 32)}"` };
    },
    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
    url: (key) => `${publicBase}${key}`,
    keyOf: (url) => keyOfUrl(url, publicBase),
  };
}
