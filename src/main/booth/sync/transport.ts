/**
 * HTTP to the API for the sync client: JSON in and out, every answer parsed with its protocol schema, the clock
 * offset measured on each exchange (server time minus the local midpoint of the request), and failures sorted
 * into "offline, retry later" and "the API said no".
 */
import type { z } from 'zod';

export type Fetch = typeof fetch;

/** The API could not be reached or answered with a server error: try again later. */
export class OfflineError extends Error {}

/** The API answered with a 4xx: retrying the same request will not help. */
export class SyncHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface Exchange<T> {
  body: T;
  /** server_time − local time at the midpoint of the request. */
  offset: number | null;
}

export async function postJson<S extends z.ZodType>(
  fetchFn: Fetch,
  now: () => number,
  url: string,
  token: string | null,
  payload: unknown,
  schema: S,
  timeoutMs = 30_000,
): Promise<Exchange<z.infer<S>>> {
  const sent = now();
  let res: Response;
  let text: string;
  try {
    res = await fetchFn(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await res.text();
  } catch (err) {
    throw new OfflineError(`API unreachable: ${(err as Error).message}`);
  }
  if (res.status >= 500 || res.status === 429 || res.status === 408) throw new OfflineError(`API answered ${res.status}`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new OfflineError(`API answered ${res.status} with something that is not JSON`);
  }
  if (!res.ok) {
    const error = (json as { error?: { code?: string; message?: string } }).error;
    throw new SyncHttpError(res.status, error?.code ?? 'http_error', error?.message ?? `API answered ${res.status}`);
  }
  const body = schema.parse(json) as z.infer<S>;
  const serverTime = (body as { server_time?: number }).server_time;
  return { body, offset: typeof serverTime === 'number' ? serverTime - Math.round((sent + now()) / 2) : null };
}
