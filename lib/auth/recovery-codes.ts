import { randomBytes } from "node:crypto";
import { hashToken } from "./tokens";

const COUNT = 10;
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

/** Ten single-use codes like "k7m2-x9qp-4hzt", ~59 bits each, so a plain SHA-256 is a fine hash. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: COUNT }, () => {
    const bytes = randomBytes(12);
    const chars = [...bytes].map((byte) => ALPHABET[byte % ALPHABET.length]).join("");
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
  });
}

export function normalizeRecoveryCode(code: string): string {
  return code.trim().toLowerCase().replace(/[^a-z0-9]/g, "").replace(/^(.{4})(.{4})(.{4})$/, "$1-$2-$3");
}

export const hashRecoveryCode = (code: string) => hashToken(normalizeRecoveryCode(code));
