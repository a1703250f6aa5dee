// Every top-level route of the app is a word no workshop may have as its slug:
// a new folder under app/ without an entry here would shadow a workshop.
import { readdirSync } from "node:fs";
import path from "node:path";
import { isReservedSlug } from "@/lib/org/reserved-slugs";

const APP = path.join(__dirname, "..", "..", "app");

test("every top-level route under app/ is reserved", () => {
  const routes = readdirSync(APP, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith("[") && !entry.name.startsWith("("))
    .map((entry) => entry.name);
  expect(routes.length).toBeGreaterThan(5);
  expect(routes.filter((route) => !isReservedSlug(route))).toEqual([]);
});

test("an ordinary workshop's slug is not reserved", () => {
  expect(isReservedSlug("demo-motors")).toBe(false);
  expect(isReservedSlug("book-2")).toBe(false);
});
