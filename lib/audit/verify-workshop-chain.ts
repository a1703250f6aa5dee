import { alertAuditChainBroken } from "@/lib/alerts/audit-chain";
import { withTenant } from "@/lib/db";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { audit } from "./audit";
import { describeChain } from "./describe-chain";
import { verifyOrganizationChain, type ChainReport } from "./verify-chain";

/**
 * An admin's "Verify the chain": recomputes this workshop's chain, holds it
 * against its anchors, and records that it was checked and what was found.
 * The entry is appended after the check, so it never counts in its own result.
 */
export async function verifyWorkshopChain(ctx: OrgContext): Promise<{ report: ChainReport; summary: string }> {
  await authorize(ctx, "auditLog.read");
  const report = await verifyOrganizationChain(ctx.orgId);
  // A break found from the button pages the operator too, not only the admin who pressed it.
  alertAuditChainBroken(report);
  const summary = describeChain(report);
  await withTenant(ctx.orgId, (tx) =>
    audit(tx, actorOf(ctx), "auditLog.verify", null, {
      ok: report.ok,
      entries: report.entries,
      headSeq: report.headSeq,
      headHash: report.headHash,
      anchorsChecked: report.anchorsChecked,
      ...(report.ok ? {} : { brokenAtSeq: report.brokenAtSeq ?? null, reason: report.reason ?? null }),
    }),
  );
  return { report, summary };
}
