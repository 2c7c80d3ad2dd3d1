// A local server speaking Sentry's ingest protocol as the official SDK uses it: POST /api/<project>/envelope/
// with the public key in the query (?sentry_key=, the SDK's way) or the X-Sentry-Auth header, the body
// gzipped above the SDK's threshold, and an envelope of newline-separated JSON items whose headers may give
// a byte length. Keeps every envelope as received (raw text too, so tests can look for leaked secrets).
import { gunzipSync } from 'node:zlib';
import { startHttpFake, type FakeRequest, type RunningFake } from './http';

export interface EnvelopeItem {
  header: { type?: string; length?: number } & Record<string, unknown>;
  payload: Buffer;
}

export interface FakeSentry extends RunningFake {
  dsn: string;
  /** Error events (items of type "event"), parsed. */
  events: Array<Record<string, unknown>>;
  /** Every accepted envelope body as text. */
  raw: string[];
}

/** Splits an envelope: a header line, then items (header line, payload of `length` bytes or up to the newline). */
export function parseEnvelope(body: Buffer): { header: Record<string, unknown>; items: EnvelopeItem[] } {
  let at = 0;
  const line = (): Buffer => {
    const end = body.indexOf(0x0a, at);
    const out = body.subarray(at, end < 0 ? body.length : end);
    at = end < 0 ? body.length : end + 1;
    return out;
  };
  const header = JSON.parse(line().toString('utf8')) as Record<string, unknown>;
  const items: EnvelopeItem[] = [];
  while (at < body.length) {
    const head = line().toString('utf8').trim();
    if (!head) continue;
    const itemHeader = JSON.parse(head) as EnvelopeItem['header'];
    let payload: Buffer;
    if (typeof itemHeader.length === 'number') {
      payload = body.subarray(at, at + itemHeader.length);
      at += itemHeader.length;
      if (body[at] === 0x0a) at++;
    } else payload = line();
    items.push({ header: itemHeader, payload });
  }
  return { header, items };
}

function authorized(req: FakeRequest, key: string): boolean {
  return req.url.searchParams.get('sentry_key') === key || String(req.headers['x-sentry-auth'] ?? '').includes(`sentry_key=${key}`);
}

export async function startFakeSentry(project = '42', key = 'publickey123'): Promise<FakeSentry> {
  const events: Array<Record<string, unknown>> = [];
  const raw: string[] = [];
  const server = await startHttpFake((req) => {
    if (req.method !== 'POST' || req.url.pathname !== `/api/${project}/envelope/`) return { status: 404 };
    if (!authorized(req, key)) return { status: 401 };
    const body = req.headers['content-encoding'] === 'gzip' ? gunzipSync(req.body) : req.body;
    raw.push(body.toString('utf8'));
    for (const item of parseEnvelope(body).items) {
      if (item.header.type === 'event') events.push(JSON.parse(item.payload.toString('utf8')) as Record<string, unknown>);
    }
    return { status: 200, headers: { 'content-type': 'application/json' }, body: '{}' };
  });
  return { ...server, dsn: `http://${key}@${server.host}:${server.port}/${project}`, events, raw };
}
