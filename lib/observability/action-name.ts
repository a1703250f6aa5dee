// A Server Action arrives as an opaque id (the Next-Action header). Next's
// build writes which export each id is in server-reference-manifest.json; the
// name is read from there so metrics and logs say "createCustomerAction".
import { readFileSync } from "node:fs";
import { join } from "node:path";

interface ManifestEntry {
  exportedName?: string;
  workers?: Record<string, { exportedName?: string } | string>;
}

const holder = globalThis as unknown as { awmsActionNames?: Map<string, string> };

function load(): Map<string, string> {
  const names = new Map<string, string>();
  for (const folder of [".next/server", ".next/dev/server"]) {
    try {
      const manifest = JSON.parse(readFileSync(join(process.cwd(), folder, "server-reference-manifest.json"), "utf8")) as { node?: Record<string, ManifestEntry> };
      for (const [id, entry] of Object.entries(manifest.node ?? {})) {
        const worker = Object.values(entry.workers ?? {}).find((value) => typeof value === "object" && value.exportedName);
        const name = entry.exportedName ?? (typeof worker === "object" ? worker.exportedName : undefined);
        if (name) names.set(id, name);
      }
    } catch {
      // no build here (tests, or a development server that has not compiled an action yet)
    }
  }
  return names;
}

/** The action's exported name; "unknown" when the build does not say (cardinality stays bounded). */
export function actionNameOf(actionId: string | null | undefined): string {
  if (!actionId) return "unknown";
  let names = holder.awmsActionNames;
  // A development server compiles actions as they are used: read the manifest again for a new id.
  if (!names || (!names.has(actionId) && process.env.NODE_ENV !== "production")) names = holder.awmsActionNames = load();
  return names.get(actionId) ?? "unknown";
}
