import { withTenant, type AppPrismaClient } from "@/lib/db";
import type { AuditAnchor } from "./anchors";

export interface AnchorFinding {
  /** the UTC day the anchor was written */
  day: string;
  anchoredAt: string;
  seq: number;
  problem: "rolled-back" | "missing" | "differs";
  /** the entry a reader should look at first */
  brokenAtSeq: number;
  message: string;
}

const dayOf = (anchor: AuditAnchor) => anchor.anchoredAt.slice(0, 10);

/**
 * Holds the stored log against the anchors written outside it. `seen` has the
 * hashes the chain walk already read; entries it did not reach are read here.
 */
export async function checkAnchors(orgId: string, client: AppPrismaClient, anchors: AuditAnchor[], seen: Map<number, string>) {
  const { headSeq, stored } = await withTenant(
    orgId,
    async (tx) => {
      const head = await tx.auditLog.aggregate({ _max: { seq: true } });
      const unread = [...new Set(anchors.map((a) => a.seq).filter((seq) => !seen.has(seq)))];
      const rows = unread.length ? await tx.auditLog.findMany({ where: { seq: { in: unread } }, select: { seq: true, hash: true } }) : [];
      return { headSeq: head._max.seq ?? 0, stored: new Map([...seen, ...rows.map((r) => [r.seq, r.hash] as const)]) };
    },
    { client },
  );
  // Newest first: the one an admin compares the head with comes first.
  const ordered = [...anchors].sort((x, y) => y.seq - x.seq || y.anchoredAt.localeCompare(x.anchoredAt));
  const failures: AnchorFinding[] = [];
  for (const anchor of ordered) {
    const base = { day: dayOf(anchor), anchoredAt: anchor.anchoredAt, seq: anchor.seq };
    const hash = stored.get(anchor.seq);
    if (anchor.seq > headSeq) {
      failures.push({ ...base, problem: "rolled-back", brokenAtSeq: headSeq + 1, message: `rolled back: anchor of ${base.day} has seq ${anchor.seq}, the log ends at ${headSeq}` });
    } else if (hash === undefined) {
      failures.push({ ...base, problem: "missing", brokenAtSeq: anchor.seq, message: `anchor of ${base.day}: entry ${anchor.seq} is missing` });
    } else if (hash !== anchor.hash) {
      failures.push({ ...base, problem: "differs", brokenAtSeq: anchor.seq, message: `anchor of ${base.day}: entry ${anchor.seq} no longer has the anchored hash` });
    }
  }
  const newest = ordered[0];
  const matched = newest && !failures.some((f) => f.seq === newest.seq && f.anchoredAt === newest.anchoredAt)
    ? { day: dayOf(newest), seq: newest.seq, anchoredAt: newest.anchoredAt }
    : undefined;
  return { headSeq, failures, matched };
}
