// The daily `audit-verify` job: every workshop's chain recomputed and held
// against its anchors, so a broken chain pages the operator without anyone
// pressing Verify or running `npm run audit:verify`.
import { alertAuditChainBroken } from "@/lib/alerts/audit-chain";
import { log } from "@/lib/log/logger";
import { verifyAllChains } from "./verify-chain";

export async function runAuditVerification(): Promise<void> {
  const reports = await verifyAllChains();
  for (const report of reports) alertAuditChainBroken(report);
  const broken = reports.filter((report) => !report.ok).map((report) => report.organizationId);
  if (broken.length > 0) log.error({ event: "audit_chains_broken", organizations: reports.length, broken }, "audit chains fail verification");
  else log.info({ event: "audit_chains_verified", organizations: reports.length }, "every audit chain verified");
}
