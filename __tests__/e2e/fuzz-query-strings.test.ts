// Every page and route handler that reads its query string, against `next start` over HTTP, with
// hostile values for every key it reads (and a key it does not): huge and broken text, repeated
// keys, SQL and markup fragments. Properties: never a 5xx; markup sent is never echoed unescaped
// (React escapes text and attributes, and Next escapes `<` in its inline data, so a payload seen
// whole in the answer is one that reached the HTML raw); and visiting changes no row. The table
// below must name every file under app/ that reads `searchParams`, so a new one cannot be missed.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { EXPORT_FORMATS } from "@/lib/audit/audit-export-format";
import { FILTER_KEYS } from "@/lib/audit/audit-filters";
import { createCustomer } from "@/lib/customers/create-customer";
import { db } from "@/lib/db";
import { contextFor, signUp, PASSWORD } from "../support/accounts";
import { startAppServer, type AppServer } from "../support/app-server";
import { changedTables, databaseSnapshot } from "../support/database-snapshot";
import { fuzzRuns, hostileText, SCRIPT_PAYLOADS } from "../support/hostile-input";
import { signInOverHttp } from "../support/server-actions";

interface QueryRow {
  /** the file under app/ that reads the query */
  file: string;
  /** the address, from the seeded workshop's ids */
  url: (ids: Ids) => string;
  /** every key the file reads */
  keys: readonly string[];
  /** sent with the owner's session (false: as a stranger) */
  signedIn: boolean;
}

interface Ids { slug: string; customerId: string }

const workshop = (page: string, keys: readonly string[]): QueryRow => ({
  file: `app/[orgSlug]${page ? `/${page}` : ""}/page.tsx`, url: (ids) => `/${ids.slug}${page ? `/${page}` : ""}`, keys, signedIn: true,
});

const ROWS: readonly QueryRow[] = [
  workshop("", ["period"]),
  workshop("appointments", ["date", "location", "view"]),
  workshop("customers", ["q"]),
  { ...workshop("customers/[customerId]", ["merge", "mergeQ", "mergeId", "keepVehicle", "mergeVehicle", "merged"]), url: (ids) => `/${ids.slug}/customers/${ids.customerId}` },
  workshop("invoices", ["unpaid"]),
  workshop("parts", ["q", "after"]),
  workshop("purchase-orders", ["status"]),
  workshop("repair-orders", ["technician", "due"]),
  workshop("reports", ["from", "to", "by"]),
  workshop("search", ["q"]),
  workshop("settings/audit-log", [...FILTER_KEYS, "before"]),
  workshop("settings/billing", ["checkout"]),
  workshop("settings/privacy", ["customerId"]),
  workshop("time-entries", ["day"]),
  { file: "app/account/security/page.tsx", url: () => "/account/security", keys: ["required"], signedIn: true },
  { file: "app/book/[orgSlug]/page.tsx", url: (ids) => `/book/${ids.slug}`, keys: ["location", "day"], signedIn: false },
  { file: "app/invitations/accept/page.tsx", url: () => "/invitations/accept", keys: ["org", "token"], signedIn: false },
  { file: "app/reset-password/page.tsx", url: () => "/reset-password", keys: ["token"], signedIn: false },
  { file: "app/sign-in/page.tsx", url: () => "/sign-in", keys: ["callbackUrl", "error"], signedIn: false },
  {
    file: "app/[orgSlug]/settings/audit-log/export/[format]/route.ts", url: (ids) => `/${ids.slug}/settings/audit-log/export/${EXPORT_FORMATS[0]}`,
    keys: FILTER_KEYS, signedIn: true,
  },
  { file: "app/[orgSlug]/reports/csv/[table]/route.ts", url: (ids) => `/${ids.slug}/reports/csv/sales`, keys: ["from", "to", "by"], signedIn: true },
  {
    file: "app/[orgSlug]/settings/privacy/exports/[requestId]/download/route.ts",
    url: (ids) => `/${ids.slug}/settings/privacy/exports/00000000-0000-4000-8000-000000000000/download`, keys: ["expires", "sig"], signedIn: true,
  },
];

/** Every page or route file under app/ whose source reads the query string. */
function filesReadingQueries(dir = "app"): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((file) => /^(page|route)\.(tsx|ts|jsx|js)$/.test(path.basename(file)))
    .map((file) => path.posix.join(dir, file.split(path.sep).join("/")))
    .filter((file) => readFileSync(file, "utf8").includes("searchParams"))
    .sort();
}

let app: AppServer;
let cookie = "";
let ids: Ids;

beforeAll(async () => {
  // Rate limits off: hundreds of page loads a minute from one member are the point here.
  app = await startAppServer({ RATE_LIMITS: "off" });
  const owner = await signUp("fuzz-query");
  await db().organization.update({ where: { slug: owner.orgSlug }, data: { plan: "PROFESSIONAL" } });
  const ctx = await contextFor(owner.userId, owner.orgSlug);
  const customer = await createCustomer(ctx, { kind: "PERSON", displayName: "Query Fuzz Customer" });
  ids = { slug: owner.orgSlug, customerId: customer.id };
  cookie = await signInOverHttp(app.url, owner.email, PASSWORD);
}, 120_000);

afterAll(async () => {
  await app?.stop();
});

test("every page and route that reads its query string has a row, and every row a file", () => {
  expect(ROWS.map((row) => row.file).sort()).toEqual(filesReadingQueries());
});

/** Markup with a mark of its own, so seeing it whole in an answer can only mean it was echoed raw. */
const markup = fc.tuple(fc.constantFrom(...SCRIPT_PAYLOADS.filter((payload) => payload.includes("<"))), fc.stringMatching(/^[a-z0-9]{10}$/))
  .map(([payload, mark]) => payload.replace("window.", `window.${mark}.`));

/** A value of a key: hostile text (at most a few kB: a URL has to fit the server's header limit), markup, or the key repeated. */
const value = fc.oneof(
  { weight: 3, arbitrary: hostileText({ maxHuge: 3_000 }).map((text) => [text]) },
  { weight: 2, arbitrary: markup.map((text) => [text]) },
  { weight: 1, arbitrary: fc.array(fc.oneof(hostileText({ maxHuge: 200 }), markup), { minLength: 2, maxLength: 3 }) },
);

const queryFor = (keys: readonly string[]) =>
  fc.record(Object.fromEntries([...keys, "unexpected"].map((key) => [key, fc.option(value, { nil: undefined })])) as Record<string, fc.Arbitrary<string[] | undefined>>);

describe("hostile query strings", () => {
  test.each(ROWS.map((row) => [row.file, row] as const))("%s: never a 5xx, no markup echoed raw, no row changed", async (_file, row) => {
    const before = await databaseSnapshot(app.database.superuser);
    await fc.assert(
      fc.asyncProperty(queryFor(row.keys), async (query) => {
        const search = new URLSearchParams();
        for (const [key, values] of Object.entries(query)) for (const one of values ?? []) search.append(key, one);
        const response = await fetch(`${app.url}${row.url(ids)}?${search}`, { headers: row.signedIn ? { Cookie: cookie } : {}, redirect: "manual" });
        const body = await response.text();
        const sentMarkup = Object.values(query).flat().filter((text): text is string => typeof text === "string" && text.includes("<") && text.includes("window."));
        expect({ status: response.status < 500 ? "below 500" : `${response.status}: ${body.slice(0, 300)}`, echoedRaw: sentMarkup.filter((text) => body.includes(text)) })
          .toEqual({ status: "below 500", echoedRaw: [] });
      }),
      { numRuns: fuzzRuns(20) },
    );
    expect(changedTables(before, await databaseSnapshot(app.database.superuser))).toEqual([]);
  });

  test("control: a query value the page shows reaches the HTML escaped, so the raw check above looks where it would be seen", async () => {
    const payload = SCRIPT_PAYLOADS[0]!.replace("window.", "window.control.");
    const response = await fetch(`${app.url}/${ids.slug}/customers?${new URLSearchParams({ q: payload })}`, { headers: { Cookie: cookie } });
    const body = await response.text();
    const escaped = payload.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
    expect({ status: response.status, shownEscaped: body.includes(escaped), shownRaw: body.includes(payload) }).toEqual({ status: 200, shownEscaped: true, shownRaw: false });
  });
});
