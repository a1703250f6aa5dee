import { db, withTenant, type AppPrismaClient } from "@/lib/db";
import { chainHash, GENESIS_HASH } from "./hash-chain";

export interface ChainReport {
  organizationId: string;
  entries: number;
  ok: boolean;
  /** the first entry whose link does not hold */
  brokenAtSeq?: number;
  reason?: string;
  headHash: string;
}

const BATCH = 1_000;

/** Recomputes one organization's chain from the first entry, in batches (memory stays flat). */
export async function verifyOrganizationChain(orgId: string, client: AppPrismaClient = db()): Promise<ChainReport> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let entries = 0;
  for (;;) {
    const rows = await withTenant(
      orgId,
      (tx) => tx.auditLog.findMany({ where: { seq: { gte: expectedSeq } }, orderBy: { seq: "asc" }, take: BATCH }),
      { client },
    );
    for (const row of rows) {
      const broken = (reason: string): ChainReport => ({
        organizationId: orgId, entries, ok: false, brokenAtSeq: row.seq, reason, headHash: prevHash,
      });
      if (row.seq !== expectedSeq) return broken(`entry ${expectedSeq} is missing`);
      if (row.prevHash !== prevHash) return broken("prevHash does not match the previous entry");
      const { id: _id, prevHash: _p, hash, ...fields } = row;
      if (chainHash(prevHash, fields) !== hash) return broken("entry content does not match its hash");
      prevHash = hash;
      expectedSeq += 1;
      entries += 1;
    }
    if (rows.length < BATCH) return { organizationId: orgId, entries, ok: true, headHash: prevHash };
  }
}

export async function verifyAllChains(client: AppPrismaClient = db()): Promise<ChainReport[]> {
  const organizations = await client.organization.findMany({ select: { id: true }, orderBy: { id: "asc" } });
  const reports: ChainReport[] = [];
  for (const { id } of organizations) reports.push(await verifyOrganizationChain(id, client));
  return reports;
}
