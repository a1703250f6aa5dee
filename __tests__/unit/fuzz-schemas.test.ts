// Every zod schema that takes input, fuzzed: safeParse of hostile values never throws, never
// pollutes Object.prototype, never takes long (no regex backtracks on a huge string), and answers
// either data of the declared shape or issues that name a field and say what to fix.
//
// Enumeration, so a new schema cannot be missed: every `export const Z…` in the source of lib/ and
// actions/ is found by scanning the text, then imported by name; a name that does not import as a
// zod schema (or a factory of one) fails the gate. The API's params, query and body schemas come
// from API_OPERATIONS, which another test already holds equal to the route files. The schemas
// written inline in Server Actions are reached over HTTP in __tests__/e2e/fuzz-actions.test.ts.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { z } from "zod";
import { issueFields } from "@/lib/api/api-error";
import { API_OPERATIONS } from "@/lib/api/registry";
import { fieldErrors } from "@/lib/forms/form-state";
import { deeplyNested, fieldNamesOf, fuzzRuns, hostileFormFields, hostileJson, hostileRecord, hostileText, hugeText, prototypePollution } from "../support/hostile-input";

const ROOT = process.cwd();
const SCANNED = ["lib", "actions"];
const SKIPPED = new Set(["lib/generated"]);
/** The longest one parse may take on a hostile value: far above a normal parse (microseconds), far below a backtracking regex on 70 KB. */
const SLOW_PARSE_MS = 1_000;

function sourceFiles(dir: string): string[] {
  if (SKIPPED.has(dir)) return [];
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(relative);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [relative] : [];
  });
}

/** `export const ZName` declarations, by file. */
function declaredSchemas(): Array<{ file: string; name: string }> {
  return SCANNED.flatMap(sourceFiles).flatMap((file) =>
    [...readFileSync(path.join(ROOT, file), "utf8").matchAll(/^export const (Z[A-Z]\w*)\b/gm)].map((match) => ({ file, name: match[1]! })),
  );
}

const isSchema = (value: unknown): value is z.ZodType => value instanceof z.ZodType;

/** The schema itself, or the schema a factory (ZIdParams("customer")) makes. */
function schemaFrom(value: unknown): z.ZodType | null {
  if (isSchema(value)) return value;
  if (typeof value === "function") {
    const made: unknown = (value as (label: string) => unknown)("record");
    return isSchema(made) ? made : null;
  }
  return null;
}

const declared = declaredSchemas();
const schemas: Array<[string, z.ZodType]> = [];
const notSchemas: string[] = [];
for (const { file, name } of declared) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exported = (require(path.join(ROOT, file)) as Record<string, unknown>)[name];
  const schema = schemaFrom(exported);
  if (schema) schemas.push([`${file} ${name}`, schema]);
  else notSchemas.push(`${file} ${name}`);
}
for (const operation of API_OPERATIONS) {
  schemas.push([`API ${operation.operationId} params`, operation.params], [`API ${operation.operationId} query`, operation.query]);
  if (operation.body) schemas.push([`API ${operation.operationId} body`, operation.body]);
}

const ODD_VALUES: unknown[] = [undefined, deeplyNested(5_000), hugeText(1_000_000), Symbol("s"), 10n, () => 1, new Date(Number.NaN), new Map()];

/** Values for one schema: its own fields with hostile values (as JSON and as form text), or anything at all. */
function inputsFor(schema: z.ZodType): fc.Arbitrary<unknown> {
  const fields = fieldNamesOf(schema);
  return fc.oneof(
    { weight: 4, arbitrary: hostileRecord(fields) },
    { weight: 4, arbitrary: hostileFormFields(fields) },
    { weight: 2, arbitrary: hostileJson },
    { weight: 1, arbitrary: hostileText() },
    { weight: 1, arbitrary: fc.constantFrom(...ODD_VALUES) },
  );
}

/** Unwraps optional/default/pipe… down to the object a schema declares, if it declares one. */
function declaredObject(schema: z.ZodType): { keys: Set<string>; open: boolean } | null {
  const def = (schema as unknown as { _zod: { def: { type: string; shape?: object; catchall?: { _zod: { def: { type: string } } }; innerType?: z.ZodType; in?: z.ZodType; out?: z.ZodType } } })._zod.def;
  if (def.type === "object") return { keys: new Set(Object.keys(def.shape ?? {})), open: def.catchall !== undefined && def.catchall._zod.def.type !== "never" };
  if (def.type === "pipe") {
    // A transform's output is whatever it returns (a form's description0… fields become `lines`): no declared keys to hold it to.
    if ((def.out as unknown as { _zod: { def: { type: string } } })._zod.def.type === "transform") return null;
    return declaredObject(def.out!) ?? declaredObject(def.in!);
  }
  return def.innerType ? declaredObject(def.innerType) : null;
}

function checkAnswer(label: string, schema: z.ZodType, input: unknown) {
  const started = performance.now();
  const result = schema.safeParse(input);
  const took = performance.now() - started;
  if (took > SLOW_PARSE_MS) throw new Error(`${label}: one parse took ${Math.round(took)} ms`);
  expect(prototypePollution()).toEqual([]);
  if (result.success) {
    const shape = declaredObject(schema);
    if (shape && result.data !== null && typeof result.data === "object") {
      expect(Object.getPrototypeOf(result.data)).toBe(Object.prototype);
      if (!shape.open) expect(Object.keys(result.data).filter((key) => !shape.keys.has(key))).toEqual([]);
    }
    return;
  }
  expect(result.error.issues.length).toBeGreaterThan(0);
  for (const issue of result.error.issues) {
    expect(typeof issue.message).toBe("string");
    expect(issue.message.trim()).not.toBe("");
  }
  // What a form shows (one message per field) and what the API answers (one per path).
  for (const messages of [fieldErrors(result.error), issueFields(result.error)]) {
    expect(Object.keys(messages).length).toBeGreaterThan(0);
    for (const message of Object.values(messages)) expect(message.trim()).not.toBe("");
  }
}

test("every `export const Z…` in lib/ and actions/ is a zod schema this suite fuzzes", () => {
  expect(declared.length).toBeGreaterThan(50);
  expect(notSchemas).toEqual([]);
});

describe.each(schemas)("%s", (label, schema) => {
  test("hostile values parse to the declared shape or to field messages, quickly, without throwing", () => {
    fc.assert(fc.property(inputsFor(schema), (input) => checkAnswer(label, schema, input)), { numRuns: fuzzRuns(50) });
  });
});
