// `npm run docs:env`: rewrites the configuration reference in docs/OPERATIONS.md
// from lib/env.ts. Refuses a variable without a doc comment: an operator must
// be told what it does.
import { readFileSync, writeFileSync } from "node:fs";
import { envReference, undocumented, withEnvReference } from "./docs/env-reference";

const DOC = "docs/OPERATIONS.md";
const envSource = readFileSync("lib/env.ts", "utf8");
const missing = undocumented(envSource);
if (missing.length > 0) {
  console.error(`docs:env: add a /** doc comment */ in lib/env.ts for ${missing.join(", ")}`);
  process.exit(1);
}
const before = readFileSync(DOC, "utf8");
const after = withEnvReference(before, envReference(envSource));
if (after === before) {
  console.log(`${DOC}: configuration reference already current`);
} else {
  writeFileSync(DOC, after);
  console.log(`${DOC}: configuration reference rewritten`);
}
