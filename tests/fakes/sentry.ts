// A local server taking Sentry envelopes (POST /api/<project>/envelope/), checking the public key.
import { startHttpFake, type RunningFake } from './http';

export interface FakeSentry extends RunningFake {
  dsn: string;
  events: Array<Record<string, unknown>>;
}

export async function startFakeSentry(project = '42', key = 'publickey123'): Promise<FakeSentry> {
  const events: Array<Record<string, unknown>> = [];
  const server = await startHttpFake((req) => {
    if (req.method !== 'POST' || req.url.pathname !== `/api/${project}/envelope/`) return { status: 404 };
    if (!String(req.headers['x-sentry-auth'] ?? '').includes(`sentry_key=${key}`)) return { status: 401 };
    const [, itemHeader, item] = req.body.toString('utf8').split('\n');
    if (itemHeader && item && (JSON.parse(itemHeader) as { type?: string }).type === 'event') events.push(JSON.parse(item) as Record<string, unknown>);
    return { status: 200, body: '{}' };
  });
  return { ...server, dsn: `http://${key}@${server.host}:${server.port}/${project}`, events };
}
