import { base32Decode, base32Encode, totpAt, verifyTotp, STEP_SECONDS } from "@/lib/auth/totp";
import { hashRecoveryCode, newRecoveryCodes } from "@/lib/auth/recovery-codes";

// RFC 6238 appendix B: secret "12345678901234567890", 8 digits, SHA-1.
const RFC_SECRET = base32Encode(Buffer.from("12345678901234567890"));
test.each([
  [59, "94287082"],
  [1111111109, "07081804"],
  [1234567890, "89005924"],
  [2000000000, "69279037"],
])("RFC 6238 vector at T=%i", (seconds, code) => {
  expect(totpAt(RFC_SECRET, Math.floor(seconds / STEP_SECONDS), 8)).toBe(code);
});

test("base32 round-trips", () => {
  const bytes = Buffer.from([0, 1, 2, 250, 251, 252, 253, 254, 255]);
  expect(base32Decode(base32Encode(bytes))).toEqual(bytes);
});

test("a code works in its step and the neighbours, once", () => {
  const now = 1_800_000_000_000;
  const step = Math.floor(now / 1000 / STEP_SECONDS);
  const code = totpAt(RFC_SECRET, step);
  expect(verifyTotp(RFC_SECRET, code, now, null)).toBe(step);
  expect(verifyTotp(RFC_SECRET, code, now + STEP_SECONDS * 1000, null)).toBe(step);
  expect(verifyTotp(RFC_SECRET, code, now + 2 * STEP_SECONDS * 1000, null)).toBeNull();
  expect(verifyTotp(RFC_SECRET, code, now, step)).toBeNull();
  expect(verifyTotp(RFC_SECRET, "12345", now, null)).toBeNull();
});

test("recovery codes are distinct and match however they are typed", () => {
  const codes = newRecoveryCodes();
  expect(new Set(codes).size).toBe(10);
  expect(codes[0]).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
  expect(hashRecoveryCode(` ${codes[0]!.toUpperCase().replace(/-/g, "")} `)).toBe(hashRecoveryCode(codes[0]!));
});
