// `npm run audit:verify`: recomputes every organization's audit hash chain and
// holds it against the anchors in AUDIT_ANCHOR_DIR. Exits 1 when any chain is
// broken or rolled back, naming the first bad entry.
import { alertAuditChainBroken } from "@/lib/alerts/audit-chain";
import { flushAlerts } from "@/lib/alerts/send-alert";
import { db } from "@/lib/db";
import { anchorDir, readAnchors } from "@/lib/audit/anchors";
import { chainProblems, describeChain } from "@/lib/audit/describe-chain";
import { verifyAllChains } from "@/lib/audit/verify-chain";

async function main() {
  const { unreadable } = await readAnchors();
  const reports = await verifyAllChains();
  let broken = 0;
  for (const report of reports) {
    alertAuditChainBroken(report);
    if (report.ok) {
      console.log(`ok      ${report.organizationId}  ${describeChain(report)}`);
    } else {
      broken += 1;
      const [first, ...rest] = chainProblems(report);
      console.log(`BROKEN  ${report.organizationId}  ${first}`);
      for (const problem of rest) console.log(`        ${report.organizationId}  ${problem}`);
    }
  }
  // A line that is not an anchor was damaged or edited: the anchors themselves cannot be trusted.
  for (const line of unreadable) console.log(`BROKEN  anchor file ${line} is not an anchor`);
  console.log(`${reports.length} organizations checked, ${broken} broken, anchors from ${anchorDir()}${unreadable.length ? `, ${unreadable.length} unreadable anchor lines` : ""}`);
  await Promise.all([db().$disconnect(), flushAlerts()]);
  process.exit(broken === 0 && unreadable.length === 0 ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(`audit:verify failed: ${(error as Error).message.split("\n")[0]}`);
  process.exit(2);
});
