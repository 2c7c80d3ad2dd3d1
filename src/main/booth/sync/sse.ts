/**
 * A minimal server-sent events reader over fetch streaming (Node 20 has no EventSource): calls `onEvent` for
 * each complete event and resolves when the stream ends; rejects if it cannot connect.
 */
import type { Fetch } from './transport';

export interface SseEvent {
  event: string;
  data: string;
}

export async function readSse(fetchFn: Fetch, url: string, token: string, signal: AbortSignal, onEvent: (e: SseEvent) => void): Promise<number> {
  const res = await fetchFn(url, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, signal });
  if (!res.ok || !res.body) {
    await res.body?.cancel().catch(() => undefined);
    return res.status;
  }
  const decoder = new TextDecoder();
  let buffer = '';
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return res.status;
    buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (data.length > 0) onEvent({ event, data: data.join('\n') });
    }
  }
}
