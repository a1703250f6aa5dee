import { db, withTenant, type AppPrismaClient } from "@/lib/db";
import { readAnchors, type AuditAnchor } from "./anchors";
import { checkAnchors, type AnchorFinding } from "./check-anchors";
import { chainHash, GENESIS_HASH } from "./hash-chain";

export type { AnchorFinding } from "./check-anchors";

export interface ChainReport {
  organizationId: string;
  entries: number;
  /** the chain links hold and every anchor matches */
  ok: boolean;
  /** the first entry whose link does not hold (or, for an anchor failure, the anchored entry) */
  brokenAtSeq?: number;
  reason?: string;
  headHash: string;
  /** the highest seq stored */
  headSeq: number;
  anchorsChecked: number;
  /** the newest anchor, when it matches */
  matchedAnchor?: { day: string; seq: number; anchoredAt: string };
  anchorFailures: AnchorFinding[];
}

export interface VerifyOptions {
  /** the anchors to hold the chain against; read from AUDIT_ANCHOR_DIR (or `anchorDir`) when absent */
  anchors?: AuditAnchor[];
  anchorDir?: string;
}

const BATCH = 1_000;

interface Walk {
  entries: number;
  headHash: string;
  brokenAtSeq?: number;
  reason?: string;
}

/** Recomputes the chain from the first entry, in batches (memory stays flat), noting the hashes at anchored seqs. */
async function walkChain(orgId: string, client: AppPrismaClient, wanted: Set<number>, seen: Map<number, string>): Promise<Walk> {
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
      const broken = (reason: string): Walk => ({ entries, headHash: prevHash, brokenAtSeq: row.seq, reason });
      if (row.seq !== expectedSeq) return broken(`entry ${expectedSeq} is missing`);
      if (row.prevHash !== prevHash) return broken("prevHash does not match the previous entry");
      const { id: _id, prevHash: _p, hash, ...fields } = row;
      if (chainHash(prevHash, fields) !== hash) return broken("entry content does not match its hash");
      if (wanted.has(row.seq)) seen.set(row.seq, hash);
      prevHash = hash;
      expectedSeq += 1;
      entries += 1;
    }
    if (rows.length < BATCH) return { entries, headHash: prevHash };
  }
}

/**
 * Verifies one organization's chain and holds it against its anchors: the
 * entry at each anchored seq must still carry the anchored hash, and the log
 * must not end before an anchored seq (rolled back).
 */
export async function verifyOrganizationChain(orgId: string, client: AppPrismaClient = db(), options: VerifyOptions = {}): Promise<ChainReport> {
  const anchors = options.anchors ?? (await readAnchors({ dir: options.anchorDir, organizationId: orgId })).anchors;
  const own = anchors.filter((anchor) => anchor.organizationId === orgId);
  const seen = new Map<number, string>();
  const walk = await walkChain(orgId, client, new Set(own.map((anchor) => anchor.seq)), seen);
  const anchored = await checkAnchors(orgId, client, own, seen);
  const chainOk = walk.brokenAtSeq === undefined;
  const firstFailure = anchored.failures[0];
  return {
    organizationId: orgId,
    entries: walk.entries,
    ok: chainOk && !firstFailure,
    ...(chainOk
      ? firstFailure ? { brokenAtSeq: firstFailure.brokenAtSeq, reason: firstFailure.message } : {}
      : { brokenAtSeq: walk.brokenAtSeq, reason: walk.reason }),
    headHash: walk.headHash,
    headSeq: anchored.headSeq,
    anchorsChecked: own.length,
    ...(anchored.matched ? { matchedAnchor: anchored.matched } : {}),
    anchorFailures: anchored.failures,
  };
}

export async function verifyAllChains(client: AppPrismaClient = db(), options: { anchorDir?: string } = {}): Promise<ChainReport[]> {
  const { anchors } = await readAnchors({ dir: options.anchorDir });
  const organizations = await client.organization.findMany({ select: { id: true }, orderBy: { id: "asc" } });
  const reports: ChainReport[] = [];
  for (const { id } of organizations) {
    reports.push(await verifyOrganizationChain(id, client, { anchors: anchors.filter((anchor) => anchor.organizationId === id) }));
  }
  return reports;
}
