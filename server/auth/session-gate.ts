/**
 * Whether the session an access token names still stands: not revoked (logout, refresh-token reuse, password
 * reset), not expired, its user still active. Access tokens are verified without the database, so without
 * this a token outlived its sign-out by up to its lifetime (15 min). The same lookup gives the user's role as it
 * is now, which is the role requests act with: a role changed by an operator applies within the same bound,
 * not when the token expires.
 *
 * Asked on every authenticated request, so answers are kept in this process:
 * - a live answer for at most `liveTtlMs` (5 s). That is the staleness bound: a sign-out made through ANOTHER
 *   API process takes at most that long to reach this one. One made through this process applies at once
 *   (`revoked()` is called with the ids the revoking UPDATE returned).
 * - a dead answer until any token of the session has expired anyway (revocation is never undone), so a
 *   revoked token replayed in a loop costs no queries.
 * Concurrent requests of one session share one lookup (a client firing 30 requests at once costs one query),
 * and a lookup that raced with a local revocation never overwrites the dead answer.
 */
import { eq, sql } from 'drizzle-orm';
import { sessions, users } from '../../db/central/schema';
import type { UserType } from '../../src/shared/api/users';
import type { Executor } from '../db';
import type { Actor } from './tokens';

export const SESSION_LIVE_TTL_MS = 5_000;
const MAX_ENTRIES = 50_000;

interface Answer {
  live: boolean;
  userId: string;
  role: UserType;
  until: number;
}

export class SessionGate {
  liveTtlMs = SESSION_LIVE_TTL_MS;
  private readonly answers = new Map<string, Answer>();
  private readonly lookups = new Map<string, Promise<Answer>>();

  constructor(
    private readonly db: () => Executor,
    /** How long a dead answer is worth keeping: the access token lifetime. */
    private readonly deadTtlMs: number,
  ) {}

  /** The user acting through this session now (with their current role), or null if it no longer stands. */
  async actor(sessionId: string, userId: string): Promise<Actor | null> {
    const hit = this.answers.get(sessionId);
    const answer = hit && hit.until > Date.now() ? hit : await this.lookup(sessionId);
    // A token naming someone else's session is forged with the secret or a bug: refuse either way.
    return answer.live && answer.userId === userId ? { id: userId, user_type: answer.role } : null;
  }

  /** Sessions revoked by this process: refused from now on, without waiting for the live answer to expire. */
  revoked(sessionIds: Iterable<string>): void {
    for (const id of sessionIds) this.remember(id, { live: false, userId: '', role: 'customer', until: Date.now() + this.deadTtlMs });
  }

  private lookup(sessionId: string): Promise<Answer> {
    let pending = this.lookups.get(sessionId);
    if (!pending) {
      pending = this.query(sessionId).finally(() => this.lookups.delete(sessionId));
      this.lookups.set(sessionId, pending);
    }
    return pending;
  }

  private async query(sessionId: string): Promise<Answer> {
    const [row] = await this.db()
      .select({
        userId: sessions.userId,
        role: users.userType,
        live: sql<boolean>`(${sessions.revokedAt} IS NULL AND ${sessions.expiresAt} > now() AND ${users.isActive})`,
      })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(sessions.id, sessionId));
    const now = Date.now();
    const fresh: Answer = row?.live
      ? { live: true, userId: row.userId, role: row.role, until: now + this.liveTtlMs }
      : { live: false, userId: row?.userId ?? '', role: 'customer', until: now + this.deadTtlMs };
    // Revoked here while the query ran: the dead answer wins (a revocation is final).
    const current = this.answers.get(sessionId);
    if (current && !current.live && current.until > now) return current;
    this.remember(sessionId, fresh);
    return fresh;
  }

  private remember(sessionId: string, answer: Answer): void {
    this.answers.delete(sessionId);
    // Oldest first beyond the bound; a forgotten session is simply looked up again.
    if (this.answers.size >= MAX_ENTRIES) this.answers.delete(this.answers.keys().next().value!);
    this.answers.set(sessionId, answer);
  }
}
