// `npm run db:drift`: proves the migrations produce exactly the schema in
// prisma/schema.prisma. Builds one database from the migrations and one
// straight from the schema, and compares their catalogs.
import { readFileSync } from "node:fs";
import pg from "pg";
import { describeSchema } from "./db/catalog";
import { prisma } from "./db/prisma-cli";
import { dropDatabase, provisionDatabase, migrateDatabase } from "./db/provision";
import { startScratchServer } from "./db/scratch-server";

const SCHEMA = "prisma/schema.prisma";
const SNAPSHOT = "prisma/migrations/schema-at-last-migration.prisma";

async function main() {
  if (readFileSync(SCHEMA, "utf8") !== readFileSync(SNAPSHOT, "utf8")) {
    console.error(`${SCHEMA} changed since the last migration: run npm run db:migration:new -- <name>`);
    process.exit(1);
  }
  const server = await startScratchServer();
  const suffix = `${process.pid}_${Date.now()}`;
  const fromMigrations = `awms_drift_m_${suffix}`;
  const fromSchema = `awms_drift_s_${suffix}`;
  try {
    const migrated = await provisionDatabase(server.adminUrl, fromMigrations, server.passwords);
    await migrateDatabase(server.adminUrl, migrated.ownerUrl);

    const direct = await provisionDatabase(server.adminUrl, fromSchema, server.passwords);
    const script = prisma(["migrate", "diff", "--from-empty", "--to-schema-datamodel", SCHEMA, "--script"], direct.ownerUrl);
    const client = new pg.Client({ connectionString: direct.ownerUrl });
    await client.connect();
    await client.query(script);
    await client.end();

    const [a, b] = await Promise.all([describeSchema(migrated.ownerUrl), describeSchema(direct.ownerUrl)]);
    const onlyMigrations = a.filter((line) => !b.includes(line));
    const onlySchema = b.filter((line) => !a.includes(line));
    if (onlyMigrations.length || onlySchema.length) {
      for (const line of onlyMigrations) console.error(`- migrations only: ${line}`);
      for (const line of onlySchema) console.error(`+ schema.prisma only: ${line}`);
      console.error("Drift: the migrations do not produce schema.prisma");
      process.exitCode = 1;
    } else {
      console.log(`No drift: migrations and schema.prisma agree on ${a.length} catalog entries`);
    }
  } finally {
    await dropDatabase(server.adminUrl, fromMigrations);
    await dropDatabase(server.adminUrl, fromSchema);
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`db:drift failed: ${(error as Error).message}`);
  process.exit(2);
});
