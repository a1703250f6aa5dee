import { prepareJobSchema } from "./job-schema";
import { prisma } from "./prisma-cli";

/**
 * Applies pending migrations as the table owner: the Prisma migrations through
 * the offline (WebAssembly) schema engine, then pg-boss's schema and queues.
 */
export async function applyMigrations(ownerUrl: string) {
  try {
    prisma(["migrate", "deploy"], ownerUrl);
  } catch (error) {
    const output = (error as Error).message;
    const reason = output.split("\n").find((line) => /^Error|ERROR:/.test(line.trim())) ?? "see the Prisma output";
    throw new Error(`Migrations failed: ${reason.trim()}`);
  }
  try {
    await prepareJobSchema(ownerUrl);
  } catch (error) {
    throw new Error(`Background job schema (pg-boss) failed: ${(error as Error).message.split("\n")[0]}`);
  }
}
