// A lot's photos end to end with S3 storage (the AWS SDK against the local S3-protocol server): upload by
// the owner, order, primary, delete (file gone from the bucket), and strangers refused.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { s3Storage } from '../../server/storage/index';
import { freePort } from '../helpers/api-process';
import { register, type Account } from '../server/app';
import { startFakeS3, type FakeS3 } from '../fakes/s3';
import { startPart2App, type Part2App } from './app';
import { createLot, upload } from './fixtures';
import { GIF_1PX, PNG_1PX, SVG } from './images';

let s3: FakeS3;
let t: Part2App;
let owner: Account;
let stranger: Account;
let lot: { id: string };

beforeAll(async () => {
  s3 = await startFakeS3({ buckets: ['lot-photos'] });
  const storage = s3Storage({
    bucket: 'lot-photos',
    region: s3.region,
    endpoint: s3.url,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
  });
  t = await startPart2App('pglite', { storage });
  [owner, stranger] = await Promise.all([register(t.app, 'owner'), register(t.app, 'owner')]);
  lot = await createLot(t.app, owner);
});
afterAll(async () => {
  await t?.close();
  await s3?.close();
});

const json = (method: string, path: string, who: Account, body?: unknown) =>
  fetch(`${t.url}${path}`, {
    method,
    headers: { ...who.auth, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });

it('stores photos in the bucket, orders them, picks a primary and deletes, for the owner only', async () => {
  const url = `${t.url}/api/spots/${lot.id}/images`;
  const ids: string[] = [];
  for (const bytes of [PNG_1PX, GIF_1PX, PNG_1PX]) {
    const res = await upload(url, owner, bytes);
    expect(res.status).toBe(201);
    ids.push(((await res.json()) as { id: string }).id);
  }
  const bucket = s3.buckets.get('lot-photos')!;
  expect(bucket.size).toBe(3);
  expect([...bucket.values()].map((o) => o.contentType).sort()).toEqual(['image/gif', 'image/png', 'image/png']);

  expect((await upload(url, stranger, PNG_1PX)).status).toBe(403);
  expect((await upload(url, owner, SVG, 'logo.png')).status).toBe(415);
  expect(bucket.size).toBe(3);

  const reversed = [...ids].reverse();
  const ordered = (await (await json('PUT', `/api/spots/${lot.id}/images/order`, owner, { image_ids: reversed })).json()) as Array<{ id: string }>;
  expect(ordered.map((i) => i.id)).toEqual(reversed);
  expect((await json('PUT', `/api/spots/${lot.id}/images/order`, owner, { image_ids: [ids[0]] })).status).toBe(400);
  expect((await json('PUT', `/api/spots/${lot.id}/images/order`, stranger, { image_ids: reversed })).status).toBe(403);

  const primary = (await (await json('PUT', `/api/spots/${lot.id}/images/${ids[1]}/primary`, owner)).json()) as Array<{ id: string; display_order: number }>;
  expect(primary.map((i) => [i.id, i.display_order])).toEqual([
    [ids[1], 0],
    [ids[2], 1],
    [ids[0], 2],
  ]);
  const detail = (await (await fetch(`${t.url}/api/spots/${lot.id}`)).json()) as { images: Array<{ id: string; image_url: string }> };
  expect(detail.images.map((i) => i.id)).toEqual([ids[1], ids[2], ids[0]]);
  const photo = await fetch(`${t.url}${detail.images[0]!.image_url}`);
  expect(photo.headers.get('content-type')).toBe('image/gif');
  expect(photo.headers.get('cache-control')).toContain('max-age=31536000');

  expect((await json('DELETE', `/api/spots/${lot.id}/images/${ids[1]}`, stranger)).status).toBe(403);
  expect((await json('DELETE', `/api/spots/${lot.id}/images/${ids[1]}`, owner)).status).toBe(204);
  expect(bucket.size).toBe(2);
  const after = (await (await fetch(`${t.url}/api/spots/${lot.id}/images`)).json()) as Array<{ id: string; display_order: number }>;
  expect(after.map((i) => [i.id, i.display_order])).toEqual([
    [ids[2], 0],
    [ids[0], 1],
  ]);
  expect((await json('DELETE', `/api/spots/${lot.id}/images/${ids[1]}`, owner)).status).toBe(404);
});

it('a file store that fails (here: S3 unreachable) answers uploads and downloads 503, and records nothing', async () => {
  const closed = await freePort(); // nothing listens there
  const broken = s3Storage({
    bucket: 'lot-photos',
    region: s3.region,
    endpoint: `http://127.0.0.1:${closed}`,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
  });
  const app = await startPart2App('pglite', { storage: broken });
  try {
    const who = await register(app.app, 'owner');
    const mine = await createLot(app.app, who);
    const res = await upload(`${app.url}/api/spots/${mine.id}/images`, who, PNG_1PX);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('storage_unavailable');
    const listed = (await (await fetch(`${app.url}/api/spots/${mine.id}/images`)).json()) as unknown[];
    expect(listed).toEqual([]);
    // Serving an image from it: the same answer, not a 500 (nor a 404: the image may well be there).
    expect((await fetch(`${app.url}/api/images/lots/${mine.id}/0123456789abcdef.png`)).status).toBe(503);
  } finally {
    await app.close();
  }
});
