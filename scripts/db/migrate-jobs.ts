// The second half of `npm run db:migrate`: pg-boss's schema and queues, as the
// owner (the same URL the Prisma CLI used, see prisma.config.ts).
import { prepareJobSchema } from "./job-schema";

const ownerUrl = process.env.MIGRATION_DATABASE_URL || process.env.DATABASE_URL;

async function main() {
  if (!ownerUrl) throw new Error("set MIGRATION_DATABASE_URL (the table owner)");
  await prepareJobSchema(ownerUrl);
  console.log("Background job schema (pg-boss) is up to date");
}

main().catch((error: unknown) => {
  console.error(`Background job schema (pg-boss) failed: ${(error as Error).message.split("\n")[0]}`);
  process.exit(1);
});
