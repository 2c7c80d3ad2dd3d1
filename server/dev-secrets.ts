/**
 * Development only: secrets a newcomer did not set are generated once and kept in the data folder (mode 0600),
 * so restarting the server keeps sessions and issued passes valid. Never used when NODE_ENV is not development.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassSigner } from '../src/shared/pass';
import type { DevSecrets } from './config';

export function devSecrets(dataDir: string): DevSecrets {
  const file = join(dataDir, 'dev-secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as DevSecrets;
  const secrets: DevSecrets = {
    jwtSecret: randomBytes(32).toString('base64url'),
    jwtRefreshSecret: randomBytes(32).toString('base64url'),
    passSigningKey: PassSigner.generate().toPkcs8(),
  };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
