// How a call reaches the booth: the Electron preload bridge when present, else HTTP to the local web host.
import { BoothChangeEvent, type ContractErrorBody, type EntryName } from '../../../shared/contract';
import type { RpcReply } from '../../../shared/contract/reply';
import type { ParkpassBridge } from '../../../preload/api';
import { readSse } from '../../../shared/sse';

export { BoothChangeEvent };

export interface Transport {
  mode: 'ipc' | 'http';
  call(name: EntryName, input: unknown, token: string | null): Promise<RpcReply>;
  /**
   * The session's booth changes (bay states included) until the returned function is called. `onEnd` runs once
   * when the booth refuses the session (signed out elsewhere, booth restarted); a dropped connection is retried,
   * and `onResync` runs each time it is back: changes made while it was down were not sent, so re-read.
   */
  changes(token: string, listener: (change: BoothChangeEvent) => void, onEnd: () => void, onResync?: () => void): () => void;
}

export function bridgeTransport(bridge: ParkpassBridge): Transport {
  return {
    mode: 'ipc',
    call: (name, input, token) => (bridge.calls[name] as (i: unknown, t: string | null) => Promise<RpcReply>)(input, token),
    changes: (token, listener, onEnd) => bridge.onChange(token, listener, onEnd),
  };
}

const unreachable: RpcReply = { ok: false, error: { code: 'internal', message: 'The booth is not answering. Is it running?' } };
/** Wait before reconnecting a dropped change stream (the booth restarting, a sleeping laptop). */
const RETRY_MS = 2000;

export function httpTransport(baseUrl = ''): Transport {
  return {
    mode: 'http',
    async call(name, input, token) {
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (token) headers.Authorization = `Bearer ${token}`;
      let res: Response;
      try {
        res = await fetch(`${baseUrl}/rpc/${encodeURIComponent(name)}`, { method: 'POST', headers, body: JSON.stringify(input ?? {}) });
      } catch {
        return unreachable;
      }
      const body = (await res.json().catch(() => null)) as unknown;
      if (res.ok) return { ok: true, output: body };
      const error = (body as Partial<ContractErrorBody> | null)?.error;
      return error ? { ok: false, error } : unreachable;
    },
    changes(token, listener, onEnd, onResync) {
      const abort = new AbortController();
      let retry: ReturnType<typeof setTimeout> | undefined;
      let connectedBefore = false;
      const connect = async (): Promise<void> => {
        try {
          const res = await fetch(`${baseUrl}/events`, {
            headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' },
            cache: 'no-store',
            signal: abort.signal,
          });
          if (res.status === 401) {
            await res.body?.cancel();
            return onEnd();
          }
          if (res.ok && res.body) {
            if (connectedBefore) onResync?.();
            connectedBefore = true;
            await readSse(res.body, (type, data) => {
              if (type !== 'change') return;
              const change = BoothChangeEvent.safeParse(JSON.parse(data));
              if (change.success) listener(change.data);
            });
          }
        } catch {
          // Unreachable or dropped: retried below, unless we were closed.
        }
        if (!abort.signal.aborted) retry = setTimeout(() => void connect(), RETRY_MS);
      };
      void connect();
      return () => {
        abort.abort();
        clearTimeout(retry);
      };
    },
  };
}

export function defaultTransport(): Transport {
  return window.parkpass ? bridgeTransport(window.parkpass) : httpTransport('');
}
