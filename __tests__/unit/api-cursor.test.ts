import { decodeCursor, encodeCursor } from "@/lib/api/cursor";
import { keysetSlice } from "@/lib/pagination/keyset";

const ID = "0194f3a2-7c1e-7b3a-9f00-1234567890ab";

test("a cursor round-trips the id it continues after, and is opaque url-safe text", () => {
  const cursor = encodeCursor(ID);
  expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
  expect(cursor).not.toContain(ID);
  expect(decodeCursor(cursor)).toBe(ID);
  expect(decodeCursor(encodeCursor(ID.toUpperCase()))).toBe(ID);
});

test("anything else is not a cursor", () => {
  const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  for (const bad of ["", "%%%", "a".repeat(201), ID, forged({ v: 2, after: ID }), forged({ v: 1, after: "1 OR 1=1" }), forged([1]), forged(null), Buffer.from("{").toString("base64url")]) {
    expect(decodeCursor(bad)).toBeNull();
  }
});

test("a page of limit + 1 rows says there is more and continues after its last row", () => {
  const rows = ["a", "b", "c"].map((id) => ({ id }));
  expect(keysetSlice(rows, { limit: 2 })).toEqual({ items: [{ id: "a" }, { id: "b" }], nextAfterId: "b" });
  expect(keysetSlice(rows, { limit: 3 })).toEqual({ items: rows, nextAfterId: null });
  expect(keysetSlice([], { limit: 3 })).toEqual({ items: [], nextAfterId: null });
});
