// A tiny HTTP server for protocol fakes: buffers the body, hands the request to one handler, and
// turns a thrown error into a 500 so a bug in a fake shows up as a failing test, not a hang.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRequest {
  method: string;
  url: URL;
  /** The request target exactly as sent (still percent-encoded), for signature checks. */
  rawUrl: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export type FakeHandler = (req: FakeRequest) => FakeResponse | Promise<FakeResponse>;

export interface RunningFake {
  host: string;
  port: number;
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:43123 */
  url: string;
  close(): Promise<void>;
}

export async function startHttpFake(handler: FakeHandler): Promise<RunningFake> {
  const server = createServer((req, res) => void serve(handler, req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function serve(handler: FakeHandler, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  let out: FakeResponse;
  try {
    out = await handler({
      method: req.method ?? 'GET',
      url: new URL(req.url ?? '/', 'http://fake.local'),
      rawUrl: req.url ?? '/',
      headers: req.headers,
      body: Buffer.concat(chunks),
    });
  } catch (err) {
    out = { status: 500, body: `fake failed: ${(err as Error).message}` };
  }
  res.writeHead(out.status, out.headers ?? {});
  res.end(out.body ?? '');
}

export function json(status: number, value: unknown, headers: Record<string, string> = {}): FakeResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(value) };
}
