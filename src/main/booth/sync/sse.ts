/**
 * The sync client's event stream: fetch with the device token, then the shared server-sent events reader; calls
 * `onEvent` for each complete event and resolves with the status when the stream ends; rejects if it cannot connect.
 */
import { readSse as readSseBody } from '../../../shared/sse';
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
  await readSseBody(res.body, (event, data) => onEvent({ event, data }));
  return res.status;
}
