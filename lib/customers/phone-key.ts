/**
 * A phone number reduced to its last nine digits, so "+44 7700 900555" and "07700 900555" are
 * recognised as the same phone; null for fewer than seven digits (too short to compare).
 */
export const phoneKey = (phone: string | null | undefined): string | null => {
  const digits = (phone ?? "").replace(/\D/g, "");
  return digits.length >= 7 ? digits.slice(-9) : null;
};
