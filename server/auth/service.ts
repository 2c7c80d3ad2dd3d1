/** Accounts and sessions: registration, sign-in, refresh-token rotation with reuse detection, password reset. */
import { randomBytes, randomUUID } from 'node:crypto';
import type { TokenPair } from '../../src/shared/api/users';
import type { AppContext } from '../app';
import { ApiError, badRequest, conflict, unauthorized } from '../errors';
import { toUser } from '../users/mapper';
import { dummyHash, hashPassword, verifyPassword } from './password';
import * as repo from './repository';
import type { SessionGate } from './session-gate';
import { readRefreshToken, sha256, signAccessToken, signRefreshToken } from './tokens';

export interface ClientMeta {
  ip: string | null;
  userAgent: string | null;
}

type UserRow = NonNullable<Awaited<ReturnType<typeof repo.findUserById>>>;

export class AuthService {
  /** `gate` hears of every revocation made here, so this process refuses the revoked access tokens at once. */
  constructor(
    private readonly ctx: AppContext,
    private readonly gate: SessionGate | null = null,
  ) {}

  private async revokeFamily(familyId: string): Promise<void> {
    this.gate?.revoked(await repo.revokeFamily(this.db, familyId));
  }

  private get db() {
    return this.ctx.database.db;
  }

  private async issue(user: UserRow, familyId: string, meta: ClientMeta): Promise<TokenPair> {
    const { jwt } = this.ctx.config;
    const sessionId = randomUUID();
    const refresh = await signRefreshToken(sessionId, user.id, jwt.refreshSecret, jwt.refreshTtlSeconds);
    await repo.insertSession(this.db, {
      id: sessionId,
      userId: user.id,
      familyId,
      tokenHash: sha256(refresh),
      expiresAt: new Date(Date.now() + jwt.refreshTtlSeconds * 1000),
      ipAddress: meta.ip,
      userAgent: meta.userAgent?.slice(0, 512) ?? null,
    });
    return {
      access_token: await signAccessToken({ id: user.id, user_type: user.userType }, sessionId, jwt.secret, jwt.accessTtlSeconds),
      refresh_token: refresh,
      token_type: 'Bearer',
      expires_in: jwt.accessTtlSeconds,
      user: toUser(user),
    };
  }

  async register(
    input: { email: string; password: string; name: string; phone?: string | undefined; user_type: 'customer' | 'owner' },
    meta: ClientMeta,
  ): Promise<TokenPair> {
    const passwordHash = await hashPassword(input.password, this.ctx.config.passwordCost);
    const row = await repo.insertUser(this.db, {
      email: input.email,
      passwordHash,
      name: input.name,
      phone: input.phone ?? null,
      userType: input.user_type,
    });
    if (!row) throw conflict('an account with this e-mail already exists', 'email_taken');
    return this.issue(row, randomUUID(), meta);
  }

  async login(email: string, password: string, meta: ClientMeta): Promise<TokenPair> {
    const user = await repo.findUserByEmail(this.db, email);
    const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash(this.ctx.config.passwordCost)));
    if (!user || !ok || !user.isActive) throw unauthorized('wrong e-mail or password', 'invalid_credentials');
    return this.issue(await repo.touchLastLogin(this.db, user.id), randomUUID(), meta);
  }

  /**
   * Trades a refresh token for a new pair. Each token works once: presenting a rotated (or revoked) token means
   * it leaked, so every token of that sign-in is revoked and the caller must sign in again.
   */
  async refresh(token: string, meta: ClientMeta): Promise<TokenPair> {
    const invalid = unauthorized('the refresh token is invalid or expired', 'invalid_token');
    const claims = await readRefreshToken(token, this.ctx.config.jwt.refreshSecret);
    if (!claims) throw invalid;
    const session = await repo.findSession(this.db, claims.sessionId, sha256(token));
    if (!session) throw invalid;
    if (session.rotatedAt || session.revokedAt || !(await repo.markRotated(this.db, session.id))) {
      await this.revokeFamily(session.familyId);
      throw new ApiError(401, 'token_reused', 'this refresh token was already used; all sessions of that sign-in are revoked');
    }
    if (session.expiresAt.getTime() <= Date.now()) throw invalid;
    const user = await repo.findUserById(this.db, session.userId);
    if (!user || !user.isActive) throw invalid;
    return this.issue(user, session.familyId, meta);
  }

  /** Ends the sign-in the token belongs to, access tokens included. Quietly does nothing for an unknown token. */
  async logout(token: string): Promise<void> {
    const claims = await readRefreshToken(token, this.ctx.config.jwt.refreshSecret);
    if (!claims) return;
    const session = await repo.findSession(this.db, claims.sessionId, sha256(token));
    if (session) await this.revokeFamily(session.familyId);
  }

  /** Always succeeds, so the answer does not tell whether an account exists. */
  async forgotPassword(email: string): Promise<void> {
    const user = await repo.findUserByEmail(this.db, email);
    if (!user || !user.isActive) return;
    const token = randomBytes(32).toString('base64url');
    const ttl = this.ctx.config.passwordResetTtlSeconds;
    await repo.insertPasswordReset(this.db, user.id, sha256(token), new Date(Date.now() + ttl * 1000));
    await this.ctx.mailer.send({
      to: user.email,
      subject: 'Reset your ParkPass password',
      text: `Use this code to choose a new password within ${Math.round(ttl / 60)} minutes:\n\n${token}\n\nIf you did not ask for it, ignore this message.`,
    });
  }

  async resetPassword(token: string, password: string): Promise<void> {
    const userId = await repo.consumePasswordReset(this.db, sha256(token));
    if (!userId) throw badRequest('the reset code is invalid, used or expired', 'invalid_token');
    await repo.setPasswordHash(this.db, userId, await hashPassword(password, this.ctx.config.passwordCost));
    // A reset usually means the old password leaked: sign out everywhere.
    this.gate?.revoked(await repo.revokeAllSessions(this.db, userId));
  }
}
