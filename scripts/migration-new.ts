// `npm run db:migration:new -- <name>`: writes the SQL that takes the schema of
// the last migration to the current prisma/schema.prisma, as a new migration.
// (Prisma's `migrate dev` needs a shadow database, which the offline engine lacks.)
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { prisma } from "./db/prisma-cli";
import { startScratchServer } from "./db/scratch-server";

const SCHEMA = "prisma/schema.prisma";
const SNAPSHOT = "prisma/migrations/schema-at-last-migration.prisma";

async function main() {
  const name = (process.argv[2] ?? "").toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, "");
  if (!name) {
    console.error("usage: npm run db:migration:new -- <name>");
    process.exit(1);
  }
  const server = await startScratchServer();
  try {
    const sql = prisma(
      ["migrate", "diff", "--from-schema-datamodel", SNAPSHOT, "--to-schema-datamodel", SCHEMA, "--script"],
      server.adminUrl,
    );
    if (!/^\s*[A-Z]/m.test(sql.replace(/^--.*$/gm, ""))) {
      console.log("schema.prisma has not changed since the last migration: nothing to write");
      return;
    }
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const folder = path.join("prisma", "migrations", `${stamp}_${name}`);
    mkdirSync(folder, { recursive: true });
    const reminder =
      "-- A new table with organizationId needs, below: RLS enabled + forced, the tenant_isolation policy,\n" +
      "-- grants to awms_app, and an entry in lib/db/tenant-models.ts (the tenancy tests enforce all of it).\n\n";
    writeFileSync(path.join(folder, "migration.sql"), reminder + sql);
    copyFileSync(SCHEMA, SNAPSHOT);
    console.log(`Wrote ${folder}/migration.sql`);
  } finally {
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`db:migration:new failed: ${(error as Error).message}`);
  process.exit(2);
});
