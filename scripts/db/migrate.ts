import { prepareJobSchema } from "./job-schema";
import { prisma } from "./prisma-cli";

/** The Prisma migrations, as the table owner, through the offline (WebAssembly) schema engine. */
export function applyPrismaMigrations(ownerUrl: string) {
  try {
    prisma(["migrate", "deploy"], ownerUrl);
  } catch (error) {
    const output = (error as Error).message;
    const reason = output.split("\n").find((line) => /^Error|ERROR:/.test(line.trim())) ?? "see the Prisma output";
    throw new Error(`Migrations failed: ${reason.trim()}`);
  }
}

/** pg-boss's schema and queues (scripts/db/job-schema.ts), as the table owner, after the Prisma migrations. */
export async function applyJobSchema(ownerUrl: string) {
  try {
    await prepareJobSchema(ownerUrl);
  } catch (error) {
    throw new Error(`Background job schema (pg-boss) failed: ${(error as Error).message.split("\n")[0]}`);
  }
}

/** Everything a release needs applied as the table owner. */
export async function applyMigrations(ownerUrl: string) {
  applyPrismaMigrations(ownerUrl);
  await applyJobSchema(ownerUrl);
}
