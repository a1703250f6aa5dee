// docs/OPERATIONS.md's configuration reference is what lib/env.ts accepts: a
// variable added, removed or changed without `npm run docs:env` fails here.
import { readFileSync } from "node:fs";
import { z } from "zod";
import { clientSchema, serverSchema } from "@/lib/env";
import { currentEnvReference, envReference, undocumented, withEnvReference } from "@/scripts/docs/env-reference";

const envSource = readFileSync("lib/env.ts", "utf8");
const operations = readFileSync("docs/OPERATIONS.md", "utf8");

test("the configuration reference in OPERATIONS.md is current (run npm run docs:env)", () => {
  expect(currentEnvReference(operations)).toBe(envReference(envSource));
});

test("every variable says what it does", () => {
  expect(undocumented(envSource)).toEqual([]);
});

test("the reference names every variable with its default and allowed values", () => {
  const reference = envReference(envSource);
  for (const name of Object.keys(serverSchema.shape)) expect(reference).toContain(`| \`${name}\` |`);
  expect(reference).toMatch(/\| `DATABASE_POOL_SIZE` \| `10` \| integer 1–100 \| Connections per app instance\. \|/);
  expect(reference).toMatch(/\| `JOB_WORKERS` \| `on` \| `on`, `off` \|/);
});

test("a variable added to the schema, or a changed comment, makes the doc stale", () => {
  const current = envReference(envSource);
  const withNewVariable = { server: z.object({ ...serverSchema.shape, ALERT_SOMETHING: z.string().optional() }), client: clientSchema };
  expect(envReference(envSource, withNewVariable)).not.toBe(current);
  expect(envReference(envSource, withNewVariable)).toContain("| `ALERT_SOMETHING` | unset | text |  |");
  const reworded = envSource.replace("/** Connections per app instance. */", "/** Connections per instance. */");
  expect(reworded).not.toBe(envSource);
  expect(envReference(reworded)).not.toBe(current);
  expect(withEnvReference("a\n<!-- env:begin -->\nold\n<!-- env:end -->\nb", "new")).toBe("a\n<!-- env:begin -->\nnew\n<!-- env:end -->\nb");
});
