// `npm run audit:verify`: recomputes every organization's audit hash chain.
// Exits 1 when any chain is broken, naming the first bad entry.
import { db } from "@/lib/db";
import { verifyAllChains } from "@/lib/audit/verify-chain";

async function main() {
  const reports = await verifyAllChains();
  let broken = 0;
  for (const report of reports) {
    if (report.ok) {
      console.log(`ok      ${report.organizationId}  ${report.entries} entries  head ${report.headHash}`);
    } else {
      broken += 1;
      console.log(`BROKEN  ${report.organizationId}  at entry ${report.brokenAtSeq}: ${report.reason}`);
    }
  }
  console.log(`${reports.length} organizations checked, ${broken} broken`);
  await db().$disconnect();
  process.exit(broken === 0 ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(`audit:verify failed: ${(error as Error).message.split("\n")[0]}`);
  process.exit(2);
});
