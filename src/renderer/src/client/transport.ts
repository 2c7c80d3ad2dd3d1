// How a call reaches the booth: the Electron preload bridge when present, else HTTP to the local web host.
import type { ContractErrorBody, EntryName } from '../../../shared/contract';
import type { RpcReply } from '../../../shared/contract/reply';
import type { BoothChangeEvent, ParkpassBridge } from '../../../preload/api';

export type { BoothChangeEvent };

export interface Transport {
  mode: 'ipc' | 'http';
  call(name: EntryName, input: unknown, token: string | null): Promise<RpcReply>;
  onChange(listener: (change: BoothChangeEvent) => void): () => void;
}

export function bridgeTransport(bridge: ParkpassBridge): Transport {
  return {
    mode: 'ipc',
    call: (name, input, token) => (bridge.calls[name] as (i: unknown, t: string | null) => Promise<RpcReply>)(input, token),
    onChange: (listener) => bridge.onChange(listener),
  };
}

const unreachable: RpcReply = { ok: false, error: { code: 'internal', message: 'The booth is not answering. Is it running?' } };

export function httpTransport(baseUrl = ''): Transport {
  // One event stream per page, shared by every subscriber: a browser allows only a few connections per host.
  const listeners = new Set<(change: BoothChangeEvent) => void>();
  let source: EventSource | null = null;
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
    onChange(listener) {
      listeners.add(listener);
      if (!source) {
        source = new EventSource(`${baseUrl}/events`);
        source.addEventListener('change', (e: MessageEvent<string>) => {
          const change = JSON.parse(e.data) as BoothChangeEvent;
          for (const l of listeners) l(change);
        });
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && source) {
          source.close();
          source = null;
        }
      };
    },
  };
}

export function defaultTransport(): Transport {
  return window.parkpass ? bridgeTransport(window.parkpass) : httpTransport('');
}
