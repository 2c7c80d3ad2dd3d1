/**
 * Access tokens: HS256 JWTs (JWT_SECRET), short-lived, carrying the user id, role and the session (sign-in) they
 * were issued for, so signing out can end them before they expire (session-gate.ts).
 * Refresh tokens: HS256 JWTs (JWT_REFRESH_SECRET) naming their session row; the row stores only their SHA-256.
 */
import { createHash, webcrypto } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import type { UserType } from '../../src/shared/api/users';

const ISSUER = 'parkpass';

// jose imports a raw secret into a WebCrypto key on every sign and verify, which cost about a fifth of an
// authenticated request; the imported key is kept per secret instead (a process has two: access and refresh).
const keys = new Map<string, Promise<webcrypto.CryptoKey>>();
function hmacKey(secret: string): Promise<webcrypto.CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    keys.set(secret, key);
  }
  return key;
}

export interface Actor {
  id: string;
  user_type: UserType;
}

export function sha256(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function signAccessToken(actor: Actor, sessionId: string, secret: string, ttlSeconds: number): Promise<string> {
  return new SignJWT({ typ: 'access', role: actor.user_type, sid: sessionId })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(actor.id)
    .setIssuer(ISSUER)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(await hmacKey(secret));
}

export interface VerifiedAccess {
  actor: Actor;
  sessionId: string;
}

// A client sends the same access token with every request for its 15 minutes; checking its signature again each
// time (WebCrypto, a thread-pool round trip) cost about 6% of a booking request. Tokens that verified are kept
// until they expire, keyed by their exact text (other bytes are another token and verify afresh). Forged tokens
// are never kept. Whether the session still stands is asked per request all the same (SessionGate).
const verified = new Map<string, { secret: string; result: VerifiedAccess; expiresAtMs: number }>();
const MAX_VERIFIED = 10_000;

/**
 * The actor and session of a well-signed, unexpired access token, or null (forged, expired, wrong type,
 * malformed, or from before tokens named their session). Whether the session still stands is SessionGate's.
 */
export async function verifyAccessToken(token: string, secret: string): Promise<VerifiedAccess | null> {
  const hit = verified.get(token);
  if (hit && hit.secret === secret && hit.expiresAtMs > Date.now()) return hit.result;
  try {
    const { payload } = await jwtVerify(token, await hmacKey(secret), { issuer: ISSUER, algorithms: ['HS256'] });
    if (payload.typ !== 'access' || typeof payload.sub !== 'string') return null;
    if (typeof payload.sid !== 'string' || !UUID.test(payload.sid)) return null;
    const role = payload.role;
    if (role !== 'customer' && role !== 'owner' && role !== 'admin') return null;
    const result: VerifiedAccess = { actor: { id: payload.sub, user_type: role }, sessionId: payload.sid };
    if (typeof payload.exp === 'number') {
      // Oldest first beyond the bound; a forgotten token is simply verified again.
      if (verified.size >= MAX_VERIFIED) verified.delete(verified.keys().next().value!);
      verified.set(token, { secret, result, expiresAtMs: payload.exp * 1000 });
    }
    return result;
  } catch {
    return null;
  }
}

export async function signRefreshToken(sessionId: string, userId: string, secret: string, ttlSeconds: number): Promise<string> {
  return new SignJWT({ typ: 'refresh', sid: sessionId })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(userId)
    .setIssuer(ISSUER)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(await hmacKey(secret));
}

/** Checks the signature only: expiry and reuse are decided from the session row, so reuse is caught even late. */
export async function readRefreshToken(token: string, secret: string): Promise<{ sessionId: string; userId: string } | null> {
  try {
    const { payload } = await jwtVerify(token, await hmacKey(secret), {
      issuer: ISSUER,
      algorithms: ['HS256'],
      currentDate: new Date(0),
    });
    if (payload.typ !== 'refresh' || typeof payload.sid !== 'string' || typeof payload.sub !== 'string') return null;
    return { sessionId: payload.sid, userId: payload.sub };
  } catch {
    return null;
  }
}
