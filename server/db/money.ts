/**
 * Money crosses the database boundary here: DECIMAL(10,2) strings in columns, integer cents everywhere else.
 * String arithmetic only, so 0.1 + 0.2 problems cannot happen.
 */
export function decimalToCents(value: string): number {
  const m = /^(-?)(\d+)(?:\.(\d{1,2})\d*)?$/.exec(value.trim());
  if (!m) throw new Error(`not a decimal amount: ${value}`);
  const cents = Number(m[2]) * 100 + Number((m[3] ?? '0').padEnd(2, '0'));
  return m[1] === '-' ? -cents : cents;
}

export function nullableCents(value: string | null): number | null {
  return value === null ? null : decimalToCents(value);
}

export function centsToDecimal(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new Error(`not a whole number of cents: ${cents}`);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
