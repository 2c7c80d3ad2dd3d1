import type Database from 'better-sqlite3';
import { PassSigner, PassVerifier, keyIdOf } from '../../../shared/pass';
import { ensureSetting } from '../settings/settings';

export type KeyIssuer = 'server' | 'booth' | 'demo';

/**
 * The booth's pass keys: its own Ed25519 signer (walk-in passes; private key kept in the local settings table,
 * which never leaves the booth PC) and one verifier, built once and reused on every scan, that trusts the booth's
 * own key plus every non-revoked key in `trusted_pass_keys` (the server's, received at enrollment).
 */
export class PassKeys {
  readonly signer: PassSigner;
  private verifierCache: PassVerifier | null = null;

  constructor(
    private readonly sqlite: Database.Database,
    private readonly now: () => number,
  ) {
    const pkcs8 = ensureSetting(sqlite, 'booth.pass_signing_key', () => PassSigner.generate().toPkcs8(), now());
    this.signer = PassSigner.fromPkcs8(pkcs8);
    this.trust(this.signer.publicKey, 'booth');
  }

  get verifier(): PassVerifier {
    if (!this.verifierCache) {
      const rows = this.sqlite.prepare('SELECT public_key FROM trusted_pass_keys WHERE revoked_at IS NULL').all() as {
        public_key: string;
      }[];
      this.verifierCache = new PassVerifier(rows.map((r) => r.public_key));
    }
    return this.verifierCache;
  }

  /** Trusts another issuer's public key (base64url, 32 bytes); idempotent. Returns its key id. */
  trust(publicKey: string, issuer: KeyIssuer): string {
    const keyId = keyIdOf(publicKey);
    new PassVerifier([publicKey]); // throws on a key that is not a valid Ed25519 public key
    this.sqlite
      .prepare(
        `INSERT INTO trusted_pass_keys (key_id, public_key, issuer, added_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(key_id) DO UPDATE SET revoked_at = NULL`,
      )
      .run(keyId, publicKey, issuer, this.now());
    this.verifierCache = null;
    return keyId;
  }

  /** Stops accepting passes signed with this key (e.g. a rotated server key). */
  revoke(keyId: string): void {
    this.sqlite.prepare('UPDATE trusted_pass_keys SET revoked_at = ? WHERE key_id = ?').run(this.now(), keyId);
    this.verifierCache = null;
  }
}
