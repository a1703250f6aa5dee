import { canonicalJson } from "@/lib/audit/canonical-json";
import { chainHash, GENESIS_HASH, type ChainedAuditFields } from "@/lib/audit/hash-chain";

const entry: ChainedAuditFields = {
  organizationId: "0194f0a0-0000-7000-8000-000000000001",
  seq: 1,
  action: "customer.create",
  actorUserId: null,
  targetType: "Customer",
  targetId: "c1",
  metadata: { b: 1, a: { d: [1, "x"], c: null } },
  ip: "203.0.113.9",
  userAgent: "jest",
  requestId: "r1",
  createdAt: new Date("2026-11-25T10:00:00.123Z"),
};

test("canonical JSON sorts keys at every depth, so JSONB's reordering does not change a hash", () => {
  expect(canonicalJson({ b: 1, a: { d: [1, "x"], c: null } })).toBe('{"a":{"c":null,"d":[1,"x"]},"b":1}');
  expect(canonicalJson({ z: 1, a: 2 })).toBe(canonicalJson({ a: 2, z: 1 }));
});

test("canonical JSON refuses numbers JSON cannot carry", () => {
  expect(() => canonicalJson({ total: Number.NaN })).toThrow(TypeError);
});

test("the hash covers every field and the previous hash", () => {
  const base = chainHash(GENESIS_HASH, entry);
  expect(base).toMatch(/^[0-9a-f]{64}$/);
  expect(chainHash(GENESIS_HASH, { ...entry, metadata: { a: { c: null, d: [1, "x"] }, b: 1 } })).toBe(base);
  expect(chainHash(GENESIS_HASH, { ...entry, action: "customer.delete" })).not.toBe(base);
  expect(chainHash(GENESIS_HASH, { ...entry, createdAt: new Date("2026-11-25T10:00:00.124Z") })).not.toBe(base);
  expect(chainHash(GENESIS_HASH, { ...entry, metadata: { a: { c: null, d: [1, "y"] }, b: 1 } })).not.toBe(base);
  expect(chainHash(base, entry)).not.toBe(base);
});
