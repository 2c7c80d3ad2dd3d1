import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PassSigner, PassVerifier, classifyCode } from '../../src/shared/pass';

const payload = {
  booking_id: '0190f3a2-7c4e-7a1b-8c3d-1234567890ab',
  lot_id: '5f0c3b7e-1d2a-4c3b-9e8f-abcdefabcdef',
  valid_from: Date.UTC(2026, 10, 27, 9, 0, 0),
  valid_until: Date.UTC(2026, 10, 27, 17, 30, 0),
  plate: 'AB12CDE',
};

describe('QR pass codec', () => {
  const signer = PassSigner.generate();
  const verifier = new PassVerifier([signer.publicKey]);

  it('round-trips a signed pass within the 255-character column', () => {
    const token = signer.sign(payload);
    expect(token.length).toBeLessThanOrEqual(255);
    expect(verifier.verify(token)).toEqual({ ok: true, key_id: signer.keyId, payload });
  });

  it('fits 255 characters even with the longest plate', () => {
    const token = signer.sign({ ...payload, plate: 'X'.repeat(16) });
    expect(token.length).toBeLessThanOrEqual(255);
    expect(() => signer.sign({ ...payload, plate: 'X'.repeat(17) })).toThrow(/plate/);
  });

  it('denies any single altered character as forged or malformed', () => {
    const token = signer.sign(payload);
    fc.assert(
      fc.property(fc.integer({ min: 4, max: token.length - 1 }), fc.constantFrom(...'ABCabc012_-'), (i, ch) => {
        fc.pre(token[i] !== ch);
        const altered = token.slice(0, i) + ch + token.slice(i + 1);
        const result = verifier.verify(altered);
        // The last base64url character carries 2 padding bits: changing only those leaves the bytes intact.
        if (result.ok) expect(Buffer.from(altered.slice(4), 'base64url')).toEqual(Buffer.from(token.slice(4), 'base64url'));
        else expect(['forged', 'malformed']).toContain(result.reason);
      }),
      { numRuns: 300 },
    );
  });

  it('denies a pass signed by a key it does not trust', () => {
    const other = PassSigner.generate();
    expect(verifier.verify(other.sign(payload))).toEqual({ ok: false, reason: 'forged' });
  });

  it('reloads a signer from its exported private key', () => {
    const again = PassSigner.fromPkcs8(signer.toPkcs8());
    expect(again.publicKey).toBe(signer.publicKey);
    expect(verifier.verify(again.sign(payload)).ok).toBe(true);
  });

  it('rejects garbage without throwing', () => {
    for (const junk of ['', 'PP1.', 'PP1.!!!', 'PP1.AAAA', 'hello', 'PP1.' + 'A'.repeat(300)]) {
      expect(verifier.verify(junk).ok).toBe(false);
    }
  });

  it('classifies typed and scanned codes', () => {
    expect(classifyCode(' 0420 ')).toEqual({ kind: 'pin', pin: '0420' });
    expect(classifyCode('PP1.abc')).toEqual({ kind: 'pass', token: 'PP1.abc' });
    expect(classifyCode('12345')).toEqual({ kind: 'malformed' });
  });
});
