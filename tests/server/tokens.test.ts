/**
 * Access tokens that verified are remembered until they expire (server/auth/tokens.ts): remembering must never
 * let through a token that would fail on its own — expired, altered, or signed with another secret.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signAccessToken, verifyAccessToken } from '../../server/auth/tokens';

const SECRET = 'a-test-secret-of-sufficient-length-0001';
const actor = { id: randomUUID(), user_type: 'owner' as const };

describe('access token verification', () => {
  it('answers a repeated token the same, and refuses it once it has expired', async () => {
    const sid = randomUUID();
    const token = await signAccessToken(actor, sid, SECRET, 1);
    expect(await verifyAccessToken(token, SECRET)).toEqual({ actor, sessionId: sid });
    expect(await verifyAccessToken(token, SECRET)).toEqual({ actor, sessionId: sid });
    // exp has second resolution: wait past the next whole second after issue.
    await new Promise((r) => setTimeout(r, 2_100));
    expect(await verifyAccessToken(token, SECRET)).toBeNull();
  });

  it('refuses an altered copy and another secret even after the genuine token verified', async () => {
    const token = await signAccessToken(actor, randomUUID(), SECRET, 900);
    expect(await verifyAccessToken(token, SECRET)).not.toBeNull();
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const flipped = `${signature.slice(0, -2)}${signature.at(-2) === 'A' ? 'B' : 'A'}${signature.at(-1)}`;
    expect(await verifyAccessToken(`${header}.${payload}.${flipped}`, SECRET)).toBeNull();
    const admin = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), role: 'admin' })).toString('base64url');
    expect(await verifyAccessToken(`${header}.${admin}.${signature}`, SECRET)).toBeNull();
    expect(await verifyAccessToken(token, `${SECRET}-other`)).toBeNull();
  });
});
