// The storage interface behaves the same on local disk and on S3 (the AWS SDK against a local
// S3-protocol server), refuses anything that is not an image by its bytes, and serves with caching.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { diskStorage, imageServeRoutes, newImageKey, s3Storage, sniffImage, storageFromEnv, type Storage } from '../../server/storage/index';
import { startFakeS3, type FakeS3 } from '../fakes/s3';
import { EXE, GIF_1PX, HTML_AS_PNG, JPEG_HEAD, PDF, PNG_1PX, SVG, WEBP_HEAD } from './images';

let dir: string;
let fakeS3: FakeS3;
const lot = '0b4f3c0e-8c8a-4c55-9a43-3b1f2f0a9e11';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pp-storage-'));
  fakeS3 = await startFakeS3({ buckets: ['parkpass-images'] });
});
afterAll(async () => {
  await fakeS3.close();
  await rm(dir, { recursive: true, force: true });
});

const backends: Array<[string, () => Storage]> = [
  ['disk', () => diskStorage(join(dir, 'images'))],
  [
    's3',
    () =>
      storageFromEnv(
        {
          AWS_S3_BUCKET: 'parkpass-images',
          AWS_S3_ENDPOINT: fakeS3.url,
          AWS_ACCESS_KEY_ID: fakeS3.accessKeyId,
          AWS_SECRET_ACCESS_KEY: fakeS3.secretAccessKey,
        },
        dir,
      ).storage,
  ],
];

describe.each(backends)('%s storage', (kind, make) => {
  it('stores, returns and deletes an image under a generated key', async () => {
    const storage = make();
    expect(storage.kind).toBe(kind);
    const key = newImageKey('lots', lot, await sniffImage(PNG_1PX, 1024));
    expect(key).toMatch(new RegExp(`^lots/${lot}/[0-9a-f-]{36}\\.png$`));
    await storage.put(key, PNG_1PX, 'image/png');
    const got = await storage.get(key);
    expect(got?.contentType).toBe('image/png');
    expect(got?.body.equals(PNG_1PX)).toBe(true);
    expect(got?.etag).toMatch(/^".+"$/);
    expect(storage.url(key)).toBe(`/api/images/${key}`);
    await storage.delete(key);
    expect(await storage.get(key)).toBeNull();
    await storage.delete(key); // again: harmless
  });

  it('refuses keys that could escape the storage root', async () => {
    const storage = make();
    for (const key of ['../../etc/passwd', '/etc/passwd.png', 'lots/../../x.png', 'LOTS/A.png', 'lots/a.svg', 'a//b.png', '']) {
      await expect(storage.put(key, PNG_1PX, 'image/png')).rejects.toThrow(/not a storage key/);
      await expect(storage.get(key)).rejects.toThrow(/not a storage key/);
    }
  });
});

describe('S3 storage failures', () => {
  it('surfaces wrong credentials as an error, not as a missing image, and writes nothing', async () => {
    const storage = s3Storage({
      bucket: 'parkpass-images',
      region: 'us-east-1',
      endpoint: fakeS3.url,
      credentials: { accessKeyId: fakeS3.accessKeyId, secretAccessKey: 'wrong' },
    });
    await expect(storage.put('lots/x/y.png', PNG_1PX, 'image/png')).rejects.toThrow();
    await expect(storage.get('lots/x/y.png')).rejects.toThrow();
    expect(fakeS3.buckets.get('parkpass-images')?.has('lots/x/y.png')).toBe(false);
  });

  it('rejects bad storage settings naming the variable', () => {
    expect(() => storageFromEnv({ AWS_S3_BUCKET: 'Bad_Bucket' }, dir)).toThrow(/AWS_S3_BUCKET/);
    expect(() => storageFromEnv({ AWS_S3_BUCKET: 'ok-bucket', AWS_ACCESS_KEY_ID: 'a' }, dir)).toThrow(/AWS_SECRET_ACCESS_KEY/);
    expect(() => storageFromEnv({ IMAGE_MAX_BYTES: '10' }, dir)).toThrow(/IMAGE_MAX_BYTES/);
  });
});

describe('image sniffing', () => {
  it('recognises images by their bytes', async () => {
    expect((await sniffImage(PNG_1PX, 1e6)).contentType).toBe('image/png');
    expect((await sniffImage(GIF_1PX, 1e6)).contentType).toBe('image/gif');
    expect((await sniffImage(JPEG_HEAD, 1e6)).contentType).toBe('image/jpeg');
    expect((await sniffImage(WEBP_HEAD, 1e6)).contentType).toBe('image/webp');
  });

  it('refuses impostors, empty and oversized files', async () => {
    for (const bytes of [HTML_AS_PNG, SVG, EXE, PDF]) await expect(sniffImage(bytes, 1e6)).rejects.toMatchObject({ reason: 'unsupported_type' });
    await expect(sniffImage(Buffer.alloc(0), 1e6)).rejects.toMatchObject({ reason: 'empty' });
    await expect(sniffImage(PNG_1PX, PNG_1PX.length - 1)).rejects.toMatchObject({ reason: 'too_large' });
  });
});

describe('GET /api/images/*', () => {
  it('serves with immutable caching, revalidates by ETag, and 404s anything else', async () => {
    const storage = diskStorage(join(dir, 'served'));
    const key = newImageKey('reviews', lot, await sniffImage(GIF_1PX, 1e6));
    await storage.put(key, GIF_1PX, 'image/gif');
    const app = Fastify();
    await app.register(imageServeRoutes, { storage });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const res = await fetch(`${url}/api/images/${key}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/gif');
    expect(res.headers.get('cache-control')).toContain('immutable');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await res.arrayBuffer()).equals(GIF_1PX)).toBe(true);
    const again = await fetch(`${url}/api/images/${key}`, { headers: { 'if-none-match': res.headers.get('etag')! } });
    expect(again.status).toBe(304);
    for (const path of [`lots/${lot}/missing.png`, '..%2F..%2Fetc%2Fpasswd', '%2e%2e/%2e%2e/etc/passwd.png']) {
      expect((await fetch(`${url}/api/images/${path}`)).status).toBe(404);
    }
    await app.close();
    expect((await readdir(join(dir, 'served', 'reviews', lot))).every((f) => !f.endsWith('.part'))).toBe(true);
  });
});
