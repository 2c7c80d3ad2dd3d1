import type Database from 'better-sqlite3';
import { EventEmitter } from 'node:events';
import type { BoothDb, BoothOrm } from '../db/open';
import type { PassKeys } from '../keys/pass-keys';
import type { LotCache } from '../lots/lots';

export interface Logger {
  info(o: object | string, msg?: string): void;
  warn(o: object | string, msg?: string): void;
}

/** What the floor grid listens to: one event per committed mutation. */
export interface ChangeEvent {
  kind: 'bay' | 'decision' | 'floor' | 'audit';
  lot_id: string;
  bay_id?: string | null;
  booking_id?: string | null;
  [extra: string]: unknown;
}

/** Everything an operation needs: the database, the clock, this booth's identity, keys and caches. */
export interface Core {
  db: BoothDb;
  sqlite: Database.Database;
  orm: BoothOrm;
  now: () => number;
  boothId: string;
  events: EventEmitter;
  logger: Logger;
  keys: PassKeys;
  lots: LotCache;
  /**
   * Runs `fn` in one IMMEDIATE transaction (the write lock is taken up front, so a concurrent writer waits
   * on busy_timeout instead of failing mid-way). Change events queued with `notify` are emitted only after
   * COMMIT, and dropped on rollback.
   */
  tx<T>(fn: () => T): T;
  notify(event: ChangeEvent): void;
}

export function makeTx(sqlite: Database.Database, events: EventEmitter, afterCommit: () => void = () => {}) {
  let queued: ChangeEvent[] | null = null;
  const runner = sqlite.transaction((fn: () => unknown) => fn());
  function tx<T>(fn: () => T): T {
    if (queued) return runner.immediate(fn) as T; // nested: becomes a savepoint; the outer call emits
    queued = [];
    try {
      const out = runner.immediate(fn) as T;
      const done = queued;
      queued = null;
      afterCommit();
      for (const e of done) events.emit('change', e);
      return out;
    } finally {
      queued = null;
    }
  }
  function notify(event: ChangeEvent): void {
    if (queued) queued.push(event);
    else events.emit('change', event);
  }
  return { tx, notify };
}
