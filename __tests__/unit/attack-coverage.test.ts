// The two Server Action attack suites each check every action of the files they list; this checks
// that between them they list every file that declares Server Actions, so an action in a new file
// (or an inline "use server" function in a page) cannot escape both suites. Read from the source,
// without a build.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const ROOTS = ["actions", "app", "components", "lib"];
const TABLES = {
  "front office": "__tests__/support/attack/actions-front-office.ts",
  "workshop floor": "__tests__/support/attack/actions-workshop-floor.ts",
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return name === "generated" ? [] : sourceFiles(file);
    return /\.tsx?$/.test(name) ? [file] : [];
  });
}

/** A "use server" directive at the top of a file, or inside a function body (an inline action). */
const USE_SERVER = /^\s*["']use server["'];?\s*$/m;

/** The files a table's `*_FILES` constant lists, read as text so the unit project loads no lib code. */
function filesListedBy(table: string): string[] {
  const source = readFileSync(table, "utf8");
  const list = /export const [A-Z_]+_FILES = \[([^\]]*)\]/.exec(source);
  if (!list) throw new Error(`${table} has no *_FILES list`);
  return [...list[1]!.matchAll(/"([^"]+)"/g)].map((match) => match[1]!);
}

const declaring = ROOTS.flatMap(sourceFiles).filter((file) => USE_SERVER.test(readFileSync(file, "utf8"))).sort();
const listed = Object.fromEntries(Object.entries(TABLES).map(([suite, table]) => [suite, filesListedBy(table)]));

test("the scan finds the action files (it is not looking in the wrong place)", () => {
  expect(declaring).toEqual(expect.arrayContaining(["actions/customers.ts", "actions/repair-orders.ts"]));
  expect(declaring.length).toBeGreaterThanOrEqual(20);
});

test("every file that declares Server Actions is attacked by exactly one suite", () => {
  const owners = (file: string) => Object.entries(listed).filter(([, files]) => files.includes(file)).map(([suite]) => suite);
  const unowned = declaring.filter((file) => owners(file).length !== 1).map((file) => `${file}: ${owners(file).join(", ") || "no suite"}`);
  expect(unowned).toEqual([]);
});

test("no suite lists a file that is gone or declares no actions (a stale list hides nothing but misleads)", () => {
  expect(Object.values(listed).flat().filter((file) => !declaring.includes(file))).toEqual([]);
});
