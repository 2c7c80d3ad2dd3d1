/**
 * Enrollment codes and device tokens. Only their SHA-256 is stored: a device token is 256 random bits and a code
 * is one-time, short-lived and rate-limited, so a slow password hash would add nothing but latency.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { sha256 } from '../auth/tokens';

/** No 0/O, 1/I/L: a code is read off one screen and typed on another. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 12;

export function newEnrollmentCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
}

/** Codes are compared without dashes, spaces or case, as people type them. */
export function codeHash(code: string): string {
  return sha256(code.toUpperCase().replace(/[^A-Z0-9]/g, ''));
}

export function newDeviceToken(): string {
  return `ppd_${randomBytes(32).toString('base64url')}`;
}

export const tokenHash = sha256;
