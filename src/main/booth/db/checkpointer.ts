import type Database from 'better-sqlite3';

export interface Checkpointer {
  /** Call after each commit: the checkpoint runs once the booth has been quiet for `quietMs`. */
  touch(): void;
  stop(): void;
}

/**
 * Keeps WAL checkpoints off the gate's path. SQLite's auto-checkpoint runs inside whichever commit crosses the
 * threshold, so one unlucky gate decision copies the WAL into the database file and fsyncs it (several ms). A
 * booth is idle most of the time between cars, so we checkpoint in those quiet moments instead, and keep the
 * auto-checkpoint only as a backstop against a WAL growing without bound under sustained load (see open.ts).
 * (A checkpointing worker thread was tried: its locks made the writer sleep in the busy handler — worse.)
 */
export function idleCheckpointer(sqlite: Database.Database, quietMs = 1_000): Checkpointer {
  let timer: NodeJS.Timeout | null = null;
  const run = () => {
    timer = null;
    try {
      if (sqlite.open) sqlite.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // Busy or closing: the next quiet moment (or the backstop) will do it.
    }
  };
  return {
    touch() {
      if (timer) timer.refresh();
      else {
        timer = setTimeout(run, quietMs);
        timer.unref();
      }
    },
    stop() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
