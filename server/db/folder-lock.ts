/**
 * One process at a time in an embedded PostgreSQL folder. PGlite has no locking of its own, and two API
 * processes (`npm run server` started twice) writing the same files would corrupt the database. The lock is a
 * file beside the folder holding the owner's pid; a lock whose process is gone (a crash, a kill -9) is taken over.
 */
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';

export class FolderInUseError extends Error {
  constructor(
    readonly folder: string,
    readonly pid: number,
  ) {
    super(`the embedded database in ${folder} is in use by another ParkPass API process (pid ${pid}); stop it, or set PARKPASS_DATA_DIR or DATABASE_URL`);
  }
}

/** Folders this process holds: a lock file with our own pid that is not among them is a previous life's (pid reused). */
const held = new Set<string>();

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // alive, owned by another user
  }
}

/** Takes the lock on `folder` or throws FolderInUseError; returns the release function. */
export function lockFolder(folder: string): () => void {
  const file = `${folder}.lock`;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      held.add(folder);
      return () => {
        held.delete(folder);
        try {
          if (readFileSync(file, 'utf8') === String(process.pid)) unlinkSync(file);
        } catch {
          // already gone
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let owner = 0;
    try {
      owner = Number(readFileSync(file, 'utf8'));
    } catch {
      continue; // released meanwhile: try again
    }
    const ours = owner === process.pid;
    if ((ours && held.has(folder)) || (!ours && owner > 0 && running(owner))) throw new FolderInUseError(folder, owner);
    try {
      unlinkSync(file); // stale
    } catch {
      // another process took it over first; the next attempt finds its lock
    }
  }
  throw new FolderInUseError(folder, 0);
}
