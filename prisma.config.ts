// The Prisma CLI runs offline only through its WebAssembly schema engine,
// which needs a driver adapter. Migrations run as the table owner, so the
// CLI prefers MIGRATION_DATABASE_URL over the app role's DATABASE_URL.
import path from "node:path";
import { defineConfig } from "prisma/config";
import { migrationAdapterFactory } from "./prisma/migration-adapter";

// `prisma generate` never connects, but the CLI wants a URL or it tries to
// download a Rust engine; this placeholder keeps generate offline.
const placeholderUrl = "postgresql://generate-only@127.0.0.1:1/none";
const migrationUrl =
  process.env.MIGRATION_DATABASE_URL || process.env.DATABASE_URL || placeholderUrl;
process.env.DATABASE_URL ||= migrationUrl;

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  adapter: async () => migrationAdapterFactory(migrationUrl),
});
