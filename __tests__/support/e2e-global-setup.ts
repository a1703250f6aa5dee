// Browser tests run against a production build (`next start`). Builds it when
// there is none or when a source file is newer than it (CI builds first).
import { ensureBuild } from "../../scripts/ensure-build";
import integrationSetup from "./global-setup";

export default async function e2eGlobalSetup() {
  ensureBuild("the browser tests");
  await integrationSetup();
}
