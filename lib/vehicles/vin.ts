// ISO 3779 / North American VIN check digit (position 9). Letters I, O and Q
// never appear in a VIN.
const TRANSLITERATION: Record<string, number> = {
  A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8,
  J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9,
  S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9,
};
const WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
const VIN_SHAPE = /^[A-HJ-NPR-Z0-9]{17}$/;

function value(char: string): number {
  return /[0-9]/.test(char) ? Number(char) : TRANSLITERATION[char]!;
}

export function normalizeVin(vin: string): string {
  return vin.replace(/[\s-]/g, "").toUpperCase();
}

export function vinCheckDigit(vin: string): string {
  const sum = [...vin].reduce((total, char, index) => total + value(char) * WEIGHTS[index]!, 0);
  const remainder = sum % 11;
  return remainder === 10 ? "X" : String(remainder);
}

export function isValidVin(raw: string): boolean {
  const vin = normalizeVin(raw);
  return VIN_SHAPE.test(vin) && vin[8] === vinCheckDigit(vin);
}

/** Puts the right check digit into position 9 of a 17-character VIN (demo data and tests). */
export function withCheckDigit(vin: string): string {
  const upper = normalizeVin(vin);
  return `${upper.slice(0, 8)}${vinCheckDigit(upper)}${upper.slice(9)}`;
}
