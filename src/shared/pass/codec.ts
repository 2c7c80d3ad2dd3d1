/**
 * The QR pass: a compact Ed25519-signed token a booth verifies offline.
 *
 *   "PP1." + base64url( version(1) | key id(4) | booking id(16) | lot id(16) | from(4) | until(4)
 *                       | plate length(1) | plate(≤16, UTF-8) | signature(64) )
 *
 * At most 172 characters, so it fits the seed's `bookings.qr_code VARCHAR(255)` and a small QR code.
 * Times are whole seconds (from rounded down, until rounded up), good until 2106.
 * Node-only (node:crypto): used by the booth core and the API, never by the renderer.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

export const PASS_PREFIX = 'PP1.';
const VERSION = 1;
const HEADER = 1 + 4 + 16 + 16 + 4 + 4 + 1;
const SIGNATURE = 64;
export const MAX_PLATE_BYTES = 16;

export interface PassPayload {
  booking_id: string;
  lot_id: string;
  /** Start of the booking window, epoch ms (whole seconds in the token). */
  valid_from: number;
  /** End of the booking window, epoch ms (whole seconds in the token). */
  valid_until: number;
  plate: string;
}

export type PassCheck =
  | { ok: true; payload: PassPayload; key_id: string }
  | { ok: false; reason: 'malformed' | 'forged' };

function uuidToBytes(uuid: string): Buffer {
  const hex = uuid.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new Error(`not a UUID: ${uuid}`);
  return Buffer.from(hex, 'hex');
}

function bytesToUuid(b: Buffer): string {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function rawPublicKey(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  return Buffer.from(jwk.x as string, 'base64url');
}

/** Short id of a public key, carried in every pass so a verifier knows which key to use. */
export function keyIdOf(publicKey: string): string {
  return createHash('sha256').update(Buffer.from(publicKey, 'base64url')).digest('hex').slice(0, 8);
}

function importPublicKey(publicKey: string): KeyObject {
  const raw = Buffer.from(publicKey, 'base64url');
  if (raw.length !== 32) throw new Error('an Ed25519 public key is 32 bytes (base64url)');
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: publicKey }, format: 'jwk' });
}

export class PassSigner {
  /** Raw 32-byte Ed25519 public key, base64url: what booths receive at enrollment. */
  readonly publicKey: string;
  readonly keyId: string;

  private constructor(private readonly privateKey: KeyObject) {
    this.publicKey = rawPublicKey(createPublicKey(privateKey)).toString('base64url');
    this.keyId = keyIdOf(this.publicKey);
  }

  static generate(): PassSigner {
    return new PassSigner(generateKeyPairSync('ed25519').privateKey);
  }

  /** From a PKCS#8 DER private key in base64url (what `toPkcs8()` wrote). */
  static fromPkcs8(pkcs8: string): PassSigner {
    const key = createPrivateKey({ key: Buffer.from(pkcs8, 'base64url'), format: 'der', type: 'pkcs8' });
    if (key.asymmetricKeyType !== 'ed25519') throw new Error('the pass signing key must be Ed25519');
    return new PassSigner(key);
  }

  toPkcs8(): string {
    return (this.privateKey.export({ format: 'der', type: 'pkcs8' }) as Buffer).toString('base64url');
  }

  sign(payload: PassPayload): string {
    const plate = Buffer.from(payload.plate, 'utf8');
    if (plate.length > MAX_PLATE_BYTES) throw new Error(`plate longer than ${MAX_PLATE_BYTES} bytes`);
    const from = Math.floor(payload.valid_from / 1000);
    const until = Math.ceil(payload.valid_until / 1000);
    if (!(from >= 0 && until >= from && until <= 0xffffffff)) throw new Error('pass window out of range');
    const body = Buffer.alloc(HEADER + plate.length);
    body.writeUInt8(VERSION, 0);
    Buffer.from(this.keyId, 'hex').copy(body, 1);
    uuidToBytes(payload.booking_id).copy(body, 5);
    uuidToBytes(payload.lot_id).copy(body, 21);
    body.writeUInt32BE(from, 37);
    body.writeUInt32BE(until, 41);
    body.writeUInt8(plate.length, 45);
    plate.copy(body, HEADER);
    const signature = sign(null, body, this.privateKey);
    return PASS_PREFIX + Buffer.concat([body, signature]).toString('base64url');
  }
}

/** Verifies passes against a set of trusted public keys (the server's, and booths' own for walk-ins). */
export class PassVerifier {
  private readonly keys = new Map<string, KeyObject>();

  constructor(publicKeys: Iterable<string> = []) {
    for (const k of publicKeys) this.trust(k);
  }

  trust(publicKey: string): string {
    const id = keyIdOf(publicKey);
    this.keys.set(id, importPublicKey(publicKey));
    return id;
  }

  verify(token: string): PassCheck {
    if (!token.startsWith(PASS_PREFIX) || token.length > 255) return { ok: false, reason: 'malformed' };
    const encoded = token.slice(PASS_PREFIX.length);
    if (!/^[A-Za-z0-9_-]+$/.test(encoded)) return { ok: false, reason: 'malformed' };
    const bytes = Buffer.from(encoded, 'base64url');
    if (bytes.length < HEADER + SIGNATURE || bytes.readUInt8(0) !== VERSION) return { ok: false, reason: 'malformed' };
    const plateLength = bytes.readUInt8(45);
    if (plateLength > MAX_PLATE_BYTES || bytes.length !== HEADER + plateLength + SIGNATURE) {
      return { ok: false, reason: 'malformed' };
    }
    const body = bytes.subarray(0, HEADER + plateLength);
    const keyId = bytes.subarray(1, 5).toString('hex');
    const key = this.keys.get(keyId);
    // A pass from an issuer we do not trust is as good as forged.
    if (!key || !verify(null, body, key, bytes.subarray(HEADER + plateLength))) return { ok: false, reason: 'forged' };
    return {
      ok: true,
      key_id: keyId,
      payload: {
        booking_id: bytesToUuid(bytes.subarray(5, 21)),
        lot_id: bytesToUuid(bytes.subarray(21, 37)),
        valid_from: bytes.readUInt32BE(37) * 1000,
        valid_until: bytes.readUInt32BE(41) * 1000,
        plate: body.subarray(HEADER).toString('utf8'),
      },
    };
  }
}

/** What the attendant typed or scanned: a pass, a 4-digit PIN, or neither. */
export function classifyCode(code: string): { kind: 'pass'; token: string } | { kind: 'pin'; pin: string } | { kind: 'malformed' } {
  const trimmed = code.trim();
  if (/^\d{4}$/.test(trimmed)) return { kind: 'pin', pin: trimmed };
  if (trimmed.startsWith(PASS_PREFIX)) return { kind: 'pass', token: trimmed };
  return { kind: 'malformed' };
}
