import type { ChainReport } from "./verify-chain";

/** What went wrong, one line per finding: the chain's first broken link, then each failed anchor. */
export function chainProblems(report: ChainReport): string[] {
  const problems = report.anchorFailures.map((failure) => failure.message);
  const chainBroken = report.brokenAtSeq !== undefined && !report.anchorFailures.some((f) => f.message === report.reason);
  return chainBroken ? [`at entry ${report.brokenAtSeq}: ${report.reason}`, ...problems] : problems;
}

/** The verdict as an admin reads it on the page and an operator in the command's output. */
export function describeChain(report: ChainReport): string {
  if (!report.ok) return `Broken ${chainProblems(report).join("; ")}`;
  const anchor = report.matchedAnchor ? `matches the anchor of ${report.matchedAnchor.day} (entry ${report.matchedAnchor.seq})` : "no anchor written yet";
  return `Intact: ${report.entries} entries, head ${report.headHash}, ${anchor}`;
}
