import { randomInt } from 'node:crypto';

/**
 * A random 4-digit PIN not in `used`, or null when all 10,000 are taken. Random (not sequential) so a PIN
 * says nothing about its neighbours.
 */
export function pickPin(used: ReadonlySet<string>): string | null {
  if (used.size >= 10_000) return null;
  for (let i = 0; i < 64; i++) {
    const pin = String(randomInt(10_000)).padStart(4, '0');
    if (!used.has(pin)) return pin;
  }
  const free: string[] = [];
  for (let n = 0; n < 10_000; n++) {
    const pin = String(n).padStart(4, '0');
    if (!used.has(pin)) free.push(pin);
  }
  return free.length > 0 ? free[randomInt(free.length)]! : null;
}
