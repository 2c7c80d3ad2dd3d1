/** Plates are compared in one canonical form: upper case, letters and digits only ("ab-12 cd" → "AB12CD"). */
export function normalizePlate(plate: string): string {
  return plate.normalize('NFKC').toUpperCase().replace(/[^\p{L}\p{N}]/gu, '');
}
