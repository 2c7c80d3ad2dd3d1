import type Database from 'better-sqlite3';
import { PIN_LOCK_RULE, pinLockedUntil, type PinLockRule } from './pin-lock';

/** Stores PIN attempts per booth and scope ("gate", "staff:<id>") and answers whether entry is locked. */
export class PinAttempts {
  private readonly insert: Database.Statement;
  private readonly recentFailures: Database.Statement;

  constructor(
    sqlite: Database.Database,
    private readonly boothId: string,
    private readonly rule: PinLockRule = PIN_LOCK_RULE,
  ) {
    this.insert = sqlite.prepare('INSERT INTO pin_attempts (booth_id, scope, at, ok) VALUES (?, ?, ?, ?)');
    this.recentFailures = sqlite.prepare(
      `SELECT at FROM pin_attempts
       WHERE booth_id = @booth AND scope = @scope AND ok = 0
         AND id > coalesce((SELECT max(id) FROM pin_attempts WHERE booth_id = @booth AND scope = @scope AND ok = 1), 0)
       ORDER BY id DESC LIMIT @limit`,
    );
  }

  lockedUntil(scope: string, now: number): number | null {
    const rows = this.recentFailures.all({ booth: this.boothId, scope, limit: this.rule.maxFailures }) as { at: number }[];
    return pinLockedUntil(
      rows.map((r) => r.at),
      now,
      this.rule,
    );
  }

  /** Records an attempt; returns the lock that results from it (a fifth failure locks at once). */
  add(scope: string, ok: boolean, at: number): number | null {
    this.insert.run(this.boothId, scope, at, ok ? 1 : 0);
    return ok ? null : this.lockedUntil(scope, at);
  }
}
