import pg from "pg";
import { dropDatabase } from "../../scripts/db/provision";

/** Drops the template and any database a failed test file left behind. */
export default async function globalTeardown() {
  // Called once per project; the shared run is torn down by the first call.
  if (!globalThis.awmsTestServer) return;
  const adminUrl = process.env.AWMS_TEST_ADMIN_URL;
  const run = process.env.AWMS_TEST_RUN;
  if (adminUrl && run) {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    const { rows } = await admin.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE $1",
      [`${run}%`],
    );
    await admin.end();
    for (const { datname } of rows) await dropDatabase(adminUrl, datname);
  }
  await globalThis.awmsTestServer.stop();
  globalThis.awmsTestServer = undefined;
}
