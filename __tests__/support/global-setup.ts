// Once per test run: find a Postgres we may create databases on (system, or
// embedded where there is none), and build a migrated template database that
// every integration test file copies.
import { randomBytes } from "node:crypto";
import { provisionDatabase, migrateDatabase } from "../../scripts/db/provision";
import { startScratchServer, type ScratchServer } from "../../scripts/db/scratch-server";

declare global {
  var awmsTestServer: ScratchServer | undefined;
}

export default async function globalSetup() {
  // Several projects (integration, e2e) share one run: set up once per process.
  if (globalThis.awmsTestServer) return;
  const server = await startScratchServer();
  globalThis.awmsTestServer = server;
  const run = `awms_t${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
  const template = `${run}_tpl`;
  const { ownerUrl } = await provisionDatabase(server.adminUrl, template, server.passwords);
  await migrateDatabase(server.adminUrl, ownerUrl);
  // Workers are started after this and inherit these.
  process.env.AWMS_TEST_ADMIN_URL = server.adminUrl;
  process.env.AWMS_TEST_RUN = run;
  process.env.AWMS_TEST_TEMPLATE = template;
  process.env.AWMS_TEST_PASSWORDS = JSON.stringify(server.passwords);
  process.env.AWMS_TEST_SERVER_KIND = server.kind;
}
