// S3 storage through the official AWS SDK v3. `endpoint` (with path-style addressing) points it at an
// S3-compatible server, e.g. the local one the tests run; without it the SDK talks to AWS itself.
import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { IMAGE_ROUTE_PREFIX, assertKey, keyOfUrl, type Storage } from './storage';

export interface S3Options {
  bucket: string;
  region: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Public base URL of the bucket or its CDN; without it the API serves the images itself. */
  publicUrl?: string;
}

export function s3Storage(opts: S3Options): Storage & { client: S3Client } {
  const client = new S3Client({
    region: opts.region,
    ...(opts.endpoint ? { endpoint: opts.endpoint, forcePathStyle: true } : {}),
    ...(opts.credentials ? { credentials: opts.credentials } : {}),
    maxAttempts: 3,
  });
  const Bucket = opts.bucket;
  const base = opts.publicUrl ? `${opts.publicUrl.replace(/\/$/, '')}/` : IMAGE_ROUTE_PREFIX;
  return {
    kind: 's3',
    client,
    async put(key, body, contentType) {
      assertKey(key);
      await client.send(
        new PutObjectCommand({ Bucket, Key: key, Body: body, ContentType: contentType, CacheControl: 'public, max-age=31536000, immutable' }),
      );
    },
    async get(key) {
      assertKey(key);
      try {
        const out = await client.send(new GetObjectCommand({ Bucket, Key: key }));
        const body = Buffer.from(await out.Body!.transformToByteArray());
        return { body, contentType: out.ContentType ?? 'application/octet-stream', etag: out.ETag ?? `"${key}"` };
      } catch (err) {
        if (err instanceof NoSuchKey || (err instanceof S3ServiceException && err.$metadata.httpStatusCode === 404)) return null;
        throw err;
      }
    },
    async delete(key) {
      assertKey(key);
      await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
    },
    url: (key) => `${base}${key}`,
    keyOf: (url) => keyOfUrl(url, base),
  };
}
