// A local S3-protocol server for the official AWS SDK v3 (path-style addressing):
//   new S3Client({ endpoint: fake.url, forcePathStyle: true, region, credentials })
// Serves CreateBucket, PutObject, GetObject, HeadObject and DeleteObject, checks SigV4 signatures,
// decodes aws-chunked upload bodies (the SDK's default for PutObject with checksums), and answers
// errors with S3's XML codes (NoSuchBucket, NoSuchKey, SignatureDoesNotMatch, ...).
import { createHash } from 'node:crypto';
import { startHttpFake, type FakeRequest, type FakeResponse, type RunningFake } from './http';
import { checkSigV4 } from './s3-sigv4';

export interface StoredObject {
  body: Buffer;
  contentType: string;
  cacheControl?: string;
  metadata: Record<string, string>;
  etag: string;
  lastModified: Date;
}

export interface FakeS3 extends RunningFake {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  buckets: Map<string, Map<string, StoredObject>>;
  /** Requests seen, e.g. "PUT /bucket/key". */
  calls: string[];
}

export async function startFakeS3(opts: { buckets?: string[]; accessKeyId?: string; secretAccessKey?: string } = {}): Promise<FakeS3> {
  const accessKeyId = opts.accessKeyId ?? 'AKIAPARKPASSFAKE';
  const secretAccessKey = opts.secretAccessKey ?? 'parkpass-fake-secret';
  const buckets = new Map<string, Map<string, StoredObject>>((opts.buckets ?? []).map((b) => [b, new Map()]));
  const calls: string[] = [];

  const server = await startHttpFake((req) => {
    calls.push(`${req.method} ${req.url.pathname}`);
    const sig = checkSigV4(req, accessKeyId, secretAccessKey);
    if (!sig.ok) return s3Error(403, sig.code, 'The request signature we calculated does not match the signature you provided.');
    const [, bucketName = '', ...rest] = req.url.pathname.split('/');
    const key = rest.map(decodeURIComponent).join('/');
    if (!key) return bucketOp(req, buckets, bucketName);
    const bucket = buckets.get(bucketName);
    if (!bucket) return s3Error(404, 'NoSuchBucket', 'The specified bucket does not exist');
    return objectOp(req, bucket, key);
  });
  return { ...server, accessKeyId, secretAccessKey, region: 'us-east-1', buckets, calls };
}

function bucketOp(req: FakeRequest, buckets: FakeS3['buckets'], name: string): FakeResponse {
  if (req.method === 'PUT') {
    if (!buckets.has(name)) buckets.set(name, new Map());
    return { status: 200, headers: { location: `/${name}` } };
  }
  if (req.method === 'HEAD') return { status: buckets.has(name) ? 200 : 404 };
  return s3Error(501, 'NotImplemented', 'The fake serves object calls only');
}

function objectOp(req: FakeRequest, bucket: Map<string, StoredObject>, key: string): FakeResponse {
  switch (req.method) {
    case 'PUT': {
      const body = isChunked(req) ? decodeAwsChunked(req.body) : req.body;
      const etag = `"${createHash('md5').update(body).digest('hex')}"`;
      const metadata: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (name.startsWith('x-amz-meta-') && typeof value === 'string') metadata[name.slice(11)] = value;
      }
      const cacheControl = req.headers['cache-control'];
      bucket.set(key, {
        body,
        contentType: req.headers['content-type'] ?? 'binary/octet-stream',
        ...(cacheControl ? { cacheControl } : {}),
        metadata,
        etag,
        lastModified: new Date(),
      });
      return { status: 200, headers: { etag } };
    }
    case 'GET':
    case 'HEAD': {
      const obj = bucket.get(key);
      if (!obj) return req.method === 'HEAD' ? { status: 404 } : s3Error(404, 'NoSuchKey', 'The specified key does not exist.');
      return { status: 200, headers: objectHeaders(obj), ...(req.method === 'GET' ? { body: obj.body } : {}) };
    }
    case 'DELETE':
      bucket.delete(key);
      return { status: 204 };
    default:
      return s3Error(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
  }
}

function objectHeaders(obj: StoredObject): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': obj.contentType,
    'content-length': String(obj.body.length),
    etag: obj.etag,
    'last-modified': obj.lastModified.toUTCString(),
  };
  if (obj.cacheControl) headers['cache-control'] = obj.cacheControl;
  for (const [k, v] of Object.entries(obj.metadata)) headers[`x-amz-meta-${k}`] = v;
  return headers;
}

function isChunked(req: FakeRequest): boolean {
  const sha = String(req.headers['x-amz-content-sha256'] ?? '');
  return sha.startsWith('STREAMING-') || (req.headers['content-encoding'] ?? '').includes('aws-chunked');
}

/** aws-chunked: "<hex size>[;chunk-signature=...]\r\n<bytes>\r\n" repeated, a 0-size chunk, then trailers. */
export function decodeAwsChunked(raw: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = raw.indexOf('\r\n', at);
    if (eol < 0) throw new Error('aws-chunked body ends inside a chunk header');
    const size = parseInt(raw.subarray(at, eol).toString('latin1').split(';')[0] ?? '', 16);
    if (!Number.isFinite(size)) throw new Error('aws-chunked body has a bad chunk size');
    if (size === 0) return Buffer.concat(parts);
    parts.push(raw.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
}

function s3Error(status: number, code: string, message: string): FakeResponse {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>fake</RequestId></Error>`;
  return { status, headers: { 'content-type': 'application/xml' }, body };
}
