/**
 * The renderer's only way to the booth: a BoothClient (one typed function per contract entry) over whichever
 * transport is present. It keeps the session token (sessionStorage, so a reload stays signed in but a new tab
 * does not) and turns error replies into BoothCallError.
 */
import { entryNames, type BoothClient, type EntryName, type ErrorCode } from '../../../shared/contract';
import { defaultTransport, type BoothChangeEvent, type Transport } from './transport';

export type { BoothChangeEvent };

export class BoothCallError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = 'BoothCallError';
  }
}

export interface BoothConnection {
  client: BoothClient;
  mode: Transport['mode'];
  hasSession(): boolean;
  /** Called when the booth answers `unauthenticated` (session ended elsewhere, booth restarted). */
  onSessionLost(listener: () => void): () => void;
  /** Booth changes for the signed-in session (a bay change carries the bay); nothing while signed out. */
  onChange(listener: (change: BoothChangeEvent) => void): () => void;
  /** Called when the change stream is back after a drop: what changed meanwhile must be re-read. */
  onResync(listener: () => void): () => void;
}

const TOKEN_KEY = 'parkpass.session';

export function createConnection(transport: Transport = defaultTransport(), storage: Storage = sessionStorage): BoothConnection {
  const lost = new Set<() => void>();
  const token = () => storage.getItem(TOKEN_KEY);
  const sessionEnded = () => {
    storage.removeItem(TOKEN_KEY);
    closeStream();
    for (const l of lost) l();
  };

  // One change stream per page, bound to the session and shared by every subscriber (a browser allows only a few
  // connections per host). It opens when there is a session and a subscriber, and follows sign-in and sign-out.
  const listeners = new Set<(change: BoothChangeEvent) => void>();
  let stream: (() => void) | null = null;
  const resyncs = new Set<() => void>();
  const emit = (change: BoothChangeEvent) => {
    for (const l of listeners) l(change);
  };
  const resync = () => {
    for (const l of resyncs) l();
  };
  function openStream(): void {
    const t = token();
    if (stream || !t || listeners.size === 0) return;
    const close = transport.changes(t, emit, () => {
      if (stream !== close) return;
      stream = null;
      if (token() === t) sessionEnded();
    }, resync);
    stream = close;
  }
  function closeStream(): void {
    const close = stream;
    stream = null;
    close?.();
  }

  async function call(name: EntryName, input: unknown): Promise<unknown> {
    const reply = await transport.call(name, input, token());
    if (!reply.ok) {
      if (reply.error.code === 'unauthenticated' && token()) sessionEnded();
      throw new BoothCallError(reply.error.code, reply.error.message, reply.error.fields);
    }
    if (name === 'staff.signIn') {
      storage.setItem(TOKEN_KEY, (reply.output as { session_token: string }).session_token);
      closeStream();
      openStream();
    }
    if (name === 'staff.signOut') {
      storage.removeItem(TOKEN_KEY);
      closeStream();
    }
    return reply.output;
  }

  const client = Object.fromEntries(entryNames.map((name) => [name, (input: unknown) => call(name, input)])) as unknown as BoothClient;
  return {
    client,
    mode: transport.mode,
    hasSession: () => token() !== null,
    onSessionLost(listener) {
      lost.add(listener);
      return () => void lost.delete(listener);
    },
    onResync(listener) {
      resyncs.add(listener);
      return () => void resyncs.delete(listener);
    },
    onChange(listener) {
      listeners.add(listener);
      openStream();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) closeStream();
      };
    },
  };
}

/** A message fit for the screen, whatever was thrown. */
export function messageOf(err: unknown): string {
  if (err instanceof BoothCallError && err.code === 'invalid_input' && err.fields) {
    // Name each field in words: "Check: reason (too short: at least 3 characters)".
    const parts = Object.entries(err.fields).map(([field, why]) => `${field.replace(/[._]/g, ' ')} (${plainWhy(why)})`);
    return `Check: ${parts.join(', ')}.`;
  }
  if (err instanceof BoothCallError) return err.message;
  return 'Something went wrong. Please try again.';
}

function plainWhy(why: string): string {
  const min = /expected string to have >=(\d+) characters/.exec(why);
  if (min) return `too short: at least ${min[1]} characters`;
  const max = /expected string to have <=(\d+) characters/.exec(why);
  if (max) return `too long: at most ${max[1]} characters`;
  if (/expected \w+, received undefined/.test(why)) return 'missing';
  return why.replace(/^Invalid input: /, '');
}
