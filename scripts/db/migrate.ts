import { prisma } from "./prisma-cli";

/** Applies pending migrations as the table owner through the offline (WebAssembly) schema engine. */
export function applyMigrations(ownerUrl: string) {
  try {
    prisma(["migrate", "deploy"], ownerUrl);
  } catch (error) {
    const output = (error as Error).message;
    const reason = output.split("\n").find((line) => /^Error|ERROR:/.test(line.trim())) ?? "see the Prisma output";
    throw new Error(`Migrations failed: ${reason.trim()}`);
  }
}
