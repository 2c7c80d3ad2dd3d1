// Checks an AWS Signature Version 4 Authorization header the way S3 does, so a client configured
// with the wrong key pair is refused by the fake exactly as by S3.
import { createHash, createHmac } from 'node:crypto';
import type { FakeRequest } from './http';

export type SigCheck = { ok: true } | { ok: false; code: 'AccessDenied' | 'InvalidAccessKeyId' | 'SignatureDoesNotMatch' };

const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data).digest();
const sha256 = (data: string): string => createHash('sha256').update(data).digest('hex');

export function checkSigV4(req: FakeRequest, accessKeyId: string, secretAccessKey: string): SigCheck {
  const auth = req.headers.authorization ?? '';
  const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/([^,]+), ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]+)$/.exec(auth);
  if (!m) return { ok: false, code: 'AccessDenied' };
  const [, keyId = '', scope = '', signedHeaders = '', signature = ''] = m;
  if (keyId !== accessKeyId) return { ok: false, code: 'InvalidAccessKeyId' };
  const [date = '', region = '', service = ''] = scope.split('/');
  const amzDate = header(req, 'x-amz-date');
  const [path = '/', query = ''] = req.rawUrl.split('?', 2);
  const canonicalHeaders = signedHeaders
    .split(';')
    .map((name) => `${name}:${header(req, name).trim().replace(/\s+/g, ' ')}\n`)
    .join('');
  const canonicalRequest = [
    req.method,
    path,
    canonicalQuery(query),
    canonicalHeaders,
    signedHeaders,
    header(req, 'x-amz-content-sha256') || sha256(req.body.toString('latin1')),
  ].join('\n');
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, date), region), service), 'aws4_request');
  const expected = createHmac('sha256', signingKey).update(stringToSign).digest('hex');
  return expected === signature ? { ok: true } : { ok: false, code: 'SignatureDoesNotMatch' };
}

function header(req: FakeRequest, name: string): string {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : (v ?? '');
}

function canonicalQuery(query: string): string {
  if (!query) return '';
  return query
    .split('&')
    .map((pair) => {
      const [k = '', v = ''] = pair.split('=', 2);
      return [enc(decodeURIComponent(k)), enc(decodeURIComponent(v))] as const;
    })
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

const enc = (s: string): string => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
