import type { EventEmitter } from 'node:events';
import type { Staff } from '../../shared/contract';
import type { Handlers } from '../../shared/contract/handlers';

/** Turns the bearer token a host received into the signed-in staff member (or null). */
export interface SessionResolver {
  resolve(token: string | null): Staff | null;
}

/** A pino-compatible logger; the hosts only need these two levels. */
export interface RpcLogger {
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** A booth change committed by the core: the floor grid refreshes the lot (and bay) it names. */
export interface BoothChange {
  kind: string;
  lot_id: string;
  bay_id?: string | null;
}

/** The part of the booth core the hosts use (src/main/booth/index.ts `Booth` satisfies it). */
export interface HostedBooth {
  handlers: Handlers;
  sessions: SessionResolver;
  /** Emits 'change' with a BoothChange after each committed mutation. */
  events: EventEmitter;
}

export const consoleLogger: RpcLogger = {
  warn: (obj, msg) => console.warn(msg ?? '', obj),
  error: (obj, msg) => console.error(msg ?? '', obj),
};
