/**
 * Reads an amount typed at the booth ("20", "20.5", "20,50") as integer cents, without floating point.
 * Returns null when it is not an amount.
 */
export function parseCents(text: string): number | null {
  const m = /^\s*(\d{1,7})(?:[.,](\d{1,2}))?\s*$/.exec(text);
  if (!m) return null;
  const whole = Number(m[1]);
  const frac = m[2] === undefined ? 0 : Number(m[2].padEnd(2, '0'));
  return whole * 100 + frac;
}
