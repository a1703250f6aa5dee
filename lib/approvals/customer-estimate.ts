import type { RequestOrigin } from "@/lib/audit/audit-user-event";
import { consumeAttempt } from "@/lib/auth/throttle";
import { AppError } from "@/lib/errors";
import { lineAmounts, orderTotals } from "@/lib/repair-orders/totals";
import { hashToken } from "@/lib/auth/tokens";
import { billingAccess } from "@/lib/billing/billing-access";
import { customerInspections } from "@/lib/inspections/customer-inspections";
import { isWellFormedLink, unknownLink, withApprovalLink } from "./approval-link";
import { applyDecisions, decisionsFromForm, ZApproverName } from "./decisions";

/**
 * Per address; without a trusted proxy every visitor shares the address
 * "unidentified", and one junk sender would lock every customer out, so the
 * link itself is then part of the key. A malformed link costs nothing to refuse.
 */
async function throttle(orgSlug: string, token: string, origin: RequestOrigin) {
  if (!isWellFormedLink(orgSlug, token)) throw unknownLink();
  const ip = origin.ip ?? "unidentified";
  await consumeAttempt({ estimateIp: ip === "unidentified" ? `${ip}:${hashToken(token).slice(0, 32)}` : ip });
}

/** What the customer sees behind the link: the workshop, the car, and each job with its price. */
export async function customerEstimate(orgSlug: string, token: string, origin: RequestOrigin) {
  await throttle(orgSlug, token, origin);
  return withApprovalLink(orgSlug, token, async (tx, link, organization) => {
    const order = await tx.repairOrder.findFirstOrThrow({
      where: { id: link.repairOrderId },
      include: { vehicle: true, customer: { select: { displayName: true } }, jobs: { orderBy: { position: "asc" }, include: { lines: { orderBy: { createdAt: "asc" } } } } },
    });
    const inclusive = organization.pricesIncludeTax;
    const jobs = order.jobs.map((job) => ({
      id: job.id,
      title: job.title,
      approval: job.approval,
      lines: job.lines.map((line) => ({ id: line.id, description: line.description, kind: line.kind, quantityMilli: line.quantityMilli, amounts: lineAmounts(line, inclusive) })),
      totals: orderTotals(job.lines, inclusive),
    }));
    return {
      workshop: { name: organization.name, phone: organization.phone, currency: organization.currency, pricesIncludeTax: inclusive },
      number: order.number,
      customerName: order.customer.displayName,
      vehicle: { registration: order.vehicle.registration, make: order.vehicle.make, model: order.vehicle.model, year: order.vehicle.year },
      concerns: order.concerns,
      expiresAt: link.expiresAt,
      jobs,
      // What the technician found, with photos served only through this link (app/estimate/.../photos).
      inspections: await customerInspections(tx, order.id),
    };
  });
}

export type CustomerEstimate = Awaited<ReturnType<typeof customerEstimate>>;

/**
 * The customer's answer: a decision per job and their name. The link is spent
 * in the same transaction (conditionally, so two submits cannot both count),
 * with the name, time, IP and user agent kept as evidence.
 */
export async function answerEstimate(orgSlug: string, token: string, fields: Record<string, unknown>, origin: RequestOrigin) {
  await throttle(orgSlug, token, origin);
  const name = ZApproverName.safeParse(fields.approverName);
  const decisions = decisionsFromForm(fields);
  return withApprovalLink(orgSlug, token, async (tx, link, organization) => {
    // Every problem at once, before the link is spent: a name, and an answer for each job still open.
    const pending = await tx.job.findMany({ where: { repairOrderId: link.repairOrderId, approval: "PENDING" }, select: { id: true } });
    if (Object.keys(decisions).some((jobId) => !pending.some((job) => job.id === jobId))) {
      throw new AppError("NOT_FOUND", "That job was not found or was already decided.");
    }
    const problems: Record<string, string> = Object.fromEntries(pending.filter((job) => !decisions[job.id]).map((job) => [`decision.${job.id}`, "Choose one."]));
    if (!name.success) problems.approverName = name.error.issues[0]!.message;
    if (Object.keys(problems).length > 0) throw new AppError("VALIDATION_FAILED", "Answer each job and enter your name.", { fields: problems });
    // A workshop read-only for non-payment changes nothing, not even through its customers' links.
    // The customer is not told why: that is between the workshop and AWMS.
    if (billingAccess(organization).readOnly) throw new AppError("READ_ONLY", "The workshop cannot take answers online right now. Please call them.");
    const spent = await tx.approvalLink.updateMany({ where: { id: link.id, usedAt: null, revokedAt: null }, data: { usedAt: new Date() } });
    if (spent.count !== 1) throw new AppError("CONFLICT", "This estimate was already answered. Call the workshop to change your decision.");
    const order = await tx.repairOrder.findFirstOrThrow({ where: { id: link.repairOrderId } });
    const actor = { orgId: organization.id, userId: null, ...origin };
    return applyDecisions(tx, actor, order, decisions, { approverName: name.success ? name.data : "", channel: "LINK", approvalLinkId: link.id }, organization.pricesIncludeTax);
  });
}
