// Test clients for the live endpoints over real sockets: a WebSocket (ws) and an SSE reader (fetch).
import WebSocket from 'ws';
import type { LiveEvent, LiveServerMessage } from '../../src/shared/api/live';

/** Collects items and lets a test wait for one matching a predicate. */
class Inbox<T> {
  readonly items: T[] = [];
  private wakers: Array<() => void> = [];
  push(item: T): void {
    this.items.push(item);
    this.wakers.splice(0).forEach((w) => w());
  }
  wait<U extends T>(match: (item: T) => item is U, ms?: number): Promise<U>;
  wait(match: (item: T) => boolean, ms?: number): Promise<T>;
  wait(match: (item: T) => boolean, ms = 5000): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out; got ${JSON.stringify(this.items).slice(0, 500)}`)), ms);
      const check = (): void => {
        const hit = this.items.find(match);
        if (hit !== undefined) {
          clearTimeout(timer);
          resolve(hit);
        } else this.wakers.push(check);
      };
      check();
    });
  }
}

export interface SocketClient {
  inbox: Inbox<LiveServerMessage>;
  events(): LiveEvent[];
  send(msg: unknown): void;
  closed: Promise<number>;
  close(): Promise<void>;
}

export async function openSocket(baseUrl: string, headers: Record<string, string> = {}): Promise<SocketClient> {
  const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/api/live`, { headers });
  const inbox = new Inbox<LiveServerMessage>();
  ws.on('message', (data: Buffer) => inbox.push(JSON.parse(data.toString('utf8')) as LiveServerMessage));
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    inbox,
    events: () => inbox.items.flatMap((m) => (m.type === 'event' ? [m.event] : [])),
    send: (msg) => ws.send(JSON.stringify(msg)),
    closed,
    close: async () => {
      ws.close();
      await closed;
    },
  };
}

export interface SseClient {
  status: number;
  frames: Inbox<{ id?: string; event?: string; data: string }>;
  events(): LiveEvent[];
  close(): void;
}

export async function openSse(baseUrl: string, query: string, headers: Record<string, string>): Promise<SseClient> {
  const abort = new AbortController();
  const res = await fetch(`${baseUrl}/api/live/events?${query}`, { headers, signal: abort.signal });
  const frames = new Inbox<{ id?: string; event?: string; data: string }>();
  if (res.ok && res.body) {
    void (async () => {
      const decoder = new TextDecoder();
      let text = '';
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          text += decoder.decode(chunk, { stream: true });
          let cut: number;
          while ((cut = text.indexOf('\n\n')) >= 0) {
            const block = text.slice(0, cut);
            text = text.slice(cut + 2);
            const frame: { id?: string; event?: string; data: string } = { data: '' };
            for (const line of block.split('\n')) {
              const [field, ...rest] = line.split(': ');
              const value = rest.join(': ');
              if (field === 'id') frame.id = value;
              else if (field === 'event') frame.event = value;
              else if (field === 'data') frame.data += value;
            }
            if (frame.data) frames.push(frame);
          }
        }
      } catch {
        // aborted by close()
      }
    })();
  }
  return {
    status: res.status,
    frames,
    events: () => frames.items.filter((f) => !f.event).map((f) => JSON.parse(f.data) as LiveEvent),
    close: () => abort.abort(),
  };
}
