import { z } from "zod";
import { audit, type AuditActor } from "@/lib/audit/audit";
import { sealPersonal } from "@/lib/audit/personal-data";
import type { TenantTx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { ApprovalChannel, RepairOrder } from "@/lib/generated/prisma/client";
import { lockRepairOrder } from "@/lib/repair-orders/row-locks";
import { EDITABLE } from "@/lib/repair-orders/status";
import { jobGross } from "./job-gross";

export const DECISIONS = ["APPROVED", "DECLINED", "DEFERRED"] as const;
export type Decision = (typeof DECISIONS)[number];

export const ZApproverName = z.string().trim().min(2, "Enter the name of the person approving.").max(120);

/** Form fields `decision.<jobId>` -> { jobId: decision }; anything else is ignored. */
export function decisionsFromForm(fields: Record<string, unknown>): Record<string, Decision> {
  const decisions: Record<string, Decision> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (!key.startsWith("decision.")) continue;
    if (typeof value !== "string" || !(DECISIONS as readonly string[]).includes(value)) {
      throw new AppError("VALIDATION_FAILED", "Choose approve, decline or later for each job.", { fields: { [key]: "Choose one." } });
    }
    decisions[key.slice("decision.".length)] = value as Decision;
  }
  return decisions;
}

export interface DecisionEvidence {
  approverName: string;
  channel: ApprovalChannel;
  approvalLinkId?: string;
  recordedByUserId?: string;
}

/**
 * Records a decision on every job still pending, in the caller's transaction:
 * the evidence row, the job's approval, a recommendation on the vehicle for
 * declined or deferred work, and the repair order's move to APPROVED (or back
 * to ESTIMATE when nothing was approved). Every pending job must be decided,
 * and only pending jobs: approved work stays locked.
 */
export async function applyDecisions(
  tx: TenantTx,
  actor: AuditActor,
  unlocked: RepairOrder,
  decisions: Record<string, Decision>,
  evidence: DecisionEvidence,
  pricesIncludeTax: boolean,
) {
  // The order first, then its jobs (lib/repair-orders/row-locks.ts); its status as of the lock.
  const order = { ...unlocked, status: await lockRepairOrder(tx, unlocked.organizationId, unlocked.id) };
  if (!EDITABLE.has(order.status)) throw new AppError("CONFLICT", `Repair order ${order.number} can no longer change.`);
  const pending = await tx.job.findMany({ where: { repairOrderId: order.id, approval: "PENDING" }, include: { lines: true }, orderBy: { position: "asc" } });
  if (pending.length === 0) throw new AppError("CONFLICT", "There is no work waiting for a decision.");
  const unknown = Object.keys(decisions).filter((jobId) => !pending.some((job) => job.id === jobId));
  if (unknown.length > 0) throw new AppError("NOT_FOUND", "That job was not found or was already decided.");
  const missing = pending.filter((job) => !decisions[job.id]);
  if (missing.length > 0) {
    throw new AppError("VALIDATION_FAILED", "Choose approve, decline or later for each job.", {
      fields: Object.fromEntries(missing.map((job) => [`decision.${job.id}`, "Choose one."])),
    });
  }
  for (const job of pending) {
    const decision = decisions[job.id]!;
    const grossMinor = jobGross(job.lines, pricesIncludeTax);
    await tx.jobDecision.create({
      data: {
        organizationId: order.organizationId, repairOrderId: order.id, jobId: job.id, decision, channel: evidence.channel,
        approverName: evidence.approverName, grossMinor, approvalLinkId: evidence.approvalLinkId ?? null,
        recordedByUserId: evidence.recordedByUserId ?? null, ip: actor.ip ?? null, userAgent: actor.userAgent ?? null,
      },
    });
    // Conditional on PENDING: a job decided twice at once is decided once.
    const updated = await tx.job.updateMany({ where: { id: job.id, approval: "PENDING" }, data: { approval: decision } });
    if (updated.count !== 1) throw new AppError("CONFLICT", "This estimate was answered just now. Reload to see it.");
    if (decision !== "APPROVED") {
      await tx.recommendation.create({
        data: { organizationId: order.organizationId, vehicleId: order.vehicleId, sourceRepairOrderId: order.id, sourceJobId: job.id, title: job.title, grossMinor },
      });
    }
  }
  // A customer answering by link is the data subject: their address and browser go into the
  // audit entry sealed with their key (erasure shreds it), never into its clear columns.
  const byCustomer = !actor.userId;
  const auditActor: AuditActor = byCustomer ? { ...actor, ip: null, userAgent: null } : actor;
  const device = byCustomer ? { customerDevice: await sealPersonal(tx, order.customerId, { ip: actor.ip ?? null, userAgent: actor.userAgent ?? null }) } : {};
  const anyApproved = Object.values(decisions).includes("APPROVED");
  // Only an estimate changes status; extra work approved mid-job leaves the order where it is.
  const to = order.status === "ESTIMATE" || order.status === "AWAITING_APPROVAL" ? (anyApproved ? "APPROVED" : "ESTIMATE") : order.status;
  if (order.status !== to) {
    const moved = await tx.repairOrder.updateMany({ where: { id: order.id, status: order.status }, data: { status: to } });
    if (moved.count !== 1) throw new AppError("CONFLICT", "Someone else changed this repair order just now. Reload and try again.");
    await audit(tx, auditActor, "repairOrder.status", { type: "RepairOrder", id: order.id }, { number: order.number, from: order.status, to, ...device });
  }
  const counts = Object.fromEntries(DECISIONS.map((d) => [d.toLowerCase(), Object.values(decisions).filter((v) => v === d).length]));
  await audit(tx, auditActor, "approval.decide", { type: "RepairOrder", id: order.id }, { number: order.number, channel: evidence.channel, ...counts, ...device });
  return { status: to, ...counts };
}
