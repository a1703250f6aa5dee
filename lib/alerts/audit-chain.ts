import type { ChainReport } from "@/lib/audit/verify-chain";
import { resolveAlert, triggerAlert } from "./send-alert";

/**
 * The verifier's verdict on one workshop's audit chain: a broken chain opens
 * one incident per workshop (whoever runs the check, however often); an intact
 * one resolves an incident this process opened.
 */
export function alertAuditChainBroken(report: ChainReport): void {
  const dedupKey = `audit-chain:${report.organizationId}`;
  if (report.ok) {
    resolveAlert(dedupKey);
    return;
  }
  triggerAlert({
    dedupKey,
    summary: `Audit log of workshop ${report.organizationId} fails verification at entry ${report.brokenAtSeq}: ${report.reason}`,
    severity: "critical",
    component: "audit-log",
    group: report.organizationId,
    class: "audit-chain",
    customDetails: { organizationId: report.organizationId, brokenAtSeq: report.brokenAtSeq, reason: report.reason, entriesVerified: report.entries },
  });
}
