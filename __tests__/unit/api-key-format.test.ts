import { createHash } from "node:crypto";
import { bearerToken, generateApiKey, hashApiKey, parseApiKey } from "@/lib/api-keys/api-key-format";

const ORG = "0194f3a2-7c1e-7b3a-9f00-1234567890ab";

test("a key names its workshop, carries 32 random bytes, and is stored as the sha256 of the whole key", () => {
  const { key, keyHash, lastFour } = generateApiKey(ORG);
  expect(key).toMatch(/^awms_[A-Za-z0-9_-]{22}_[A-Za-z0-9_-]{43}$/);
  expect(key).toHaveLength(71);
  expect(Buffer.from(key.slice(28), "base64url")).toHaveLength(32);
  expect(keyHash).toBe(createHash("sha256").update(key).digest("hex"));
  expect(hashApiKey(key)).toBe(keyHash);
  expect(lastFour).toBe(key.slice(-4));
  expect(parseApiKey(key)).toEqual({ orgId: ORG });
  expect(generateApiKey(ORG).key).not.toBe(key);
});

test("parsing refuses anything that is not exactly a key, including non-canonical base64url", () => {
  const { key } = generateApiKey(ORG);
  expect(parseApiKey(key.toUpperCase())).toBeNull();
  for (const bad of ["", "awms_", key.slice(0, -1), `${key}A`, key.replace("awms_", "awm5_"), ` ${key}`, `${key}\n`]) expect(parseApiKey(bad)).toBeNull();
  // 22 base64url characters hold 132 bits for 128: a last character with spare bits set decodes to the same bytes.
  const orgPart = key.slice(5, 27);
  const last = orgPart.at(-1)!;
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const twin = alphabet[alphabet.indexOf(last) ^ 1]!;
  expect(parseApiKey(`awms_${orgPart.slice(0, -1)}${twin}${key.slice(27)}`)).toBeNull();
  expect(() => generateApiKey("not-a-uuid")).toThrow();
});

test("the bearer token is read from the Authorization header", () => {
  expect(bearerToken("Bearer awms_x")).toBe("awms_x");
  expect(bearerToken("bearer  awms_x ")).toBe("awms_x");
  expect(bearerToken("Basic dXNlcg==")).toBeNull();
  expect(bearerToken("Bearer")).toBeNull();
  expect(bearerToken("Bearer a b")).toBeNull();
  expect(bearerToken(null)).toBeNull();
});
