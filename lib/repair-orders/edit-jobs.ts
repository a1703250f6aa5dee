import { z } from "zod";
import { blankToUndefined } from "@/lib/forms/blank";
import { audit } from "@/lib/audit/audit";
import { db, withTenant, type TenantTx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { JobLineKind } from "@/lib/generated/prisma/client";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { authorize, can } from "@/lib/rbac";
import { EDITABLE } from "./status";
import { lockJob, shareRepairOrder } from "./row-locks";
import { visibleTo } from "./visibility";
import { findPart } from "@/lib/parts/find-part";
import { sellingPriceMinor } from "@/lib/parts/part-price";

/** "1.5" -> 1500 thousandths; refuses more than three decimals and anything not a number. */
export const quantity = z
  .string()
  .trim()
  .regex(/^\d{1,6}(\.\d{1,3})?$/, "Enter a quantity like 1, 2.5 or 0.75 (up to three decimals).")
  .transform((text) => Math.round(Number(text) * 1000))
  .refine((milli) => milli > 0, "The quantity must be more than zero.");

/** "85.50" -> 8550 minor units; refuses three decimals ("12.345") and negatives. */
export const money = z
  .string()
  .trim()
  .regex(/^\d{1,7}(\.\d{1,2})?$/, "Enter an amount like 85 or 85.50 (two decimals at most).")
  .transform((text) => {
    const [whole, fraction = ""] = text.split(".");
    return Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
  });

export const rate = z
  .string()
  .trim()
  .regex(/^\d{1,3}(\.\d{1,2})?$/, "Enter a tax rate like 20 or 5.5.")
  .transform((text) => Math.round(Number(text) * 100))
  .refine((bp) => bp <= 10_000, "A tax rate cannot be over 100 %.");

export const ZAddJob = z.object({ repairOrderId: z.string().uuid(), title: z.string().trim().min(1, "Describe the job.").max(200) });

export const ZAddLine = z.object({
  jobId: z.string().uuid(),
  kind: z.enum(JobLineKind, { message: "Choose labour, part, fee or discount." }),
  description: z.preprocess(blankToUndefined, z.string().trim().min(1, "Describe the line.").max(300).optional()),
  quantity,
  unitPrice: z.preprocess(blankToUndefined, money.optional()),
  unitCost: z.preprocess(blankToUndefined, money.optional()),
  taxRate: z.preprocess(blankToUndefined, rate.optional()),
  technicianUserId: z.preprocess(blankToUndefined, z.string().uuid().optional()),
  /** a catalogue part: the line takes its description, price rule and cost unless given */
  partId: z.preprocess(blankToUndefined, z.string().optional()),
}).superRefine((line, issue) => {
  if (line.partId !== undefined && line.kind !== "PART") issue.addIssue({ code: "custom", path: ["partId"], message: "A catalogue part goes on a part line." });
  if (line.partId === undefined && line.description === undefined) issue.addIssue({ code: "custom", path: ["description"], message: "Describe the line." });
});

/** A catalogue part for a new line: another workshop's or a malformed id is "not found"; a retired part is refused. */
async function catalogueLinePart(tx: TenantTx, partId: string) {
  const part = await findPart(tx, partId);
  if (!part.active) throw new AppError("VALIDATION_FAILED", "That part is no longer stocked.", { fields: { partId: "That part is no longer stocked." } });
  return part;
}

async function editableOrder(tx: TenantTx, ctx: OrgContext, repairOrderId: string) {
  // A technician works only on what is assigned to them; anything else is "not found".
  const order = await tx.repairOrder.findFirst({ where: { AND: [{ id: repairOrderId }, visibleTo(ctx)] } });
  if (!order) throw new AppError("NOT_FOUND", "That repair order was not found.");
  // Held until commit, so no line lands after an invoice's snapshot.
  const status = await shareRepairOrder(tx, order.organizationId, order.id);
  if (!EDITABLE.has(status)) {
    throw new AppError("CONFLICT", `Repair order ${order.number} is ${status.toLowerCase().replace("_", " ")}: its work can no longer change.`);
  }
  return { ...order, status };
}

export async function addJob(ctx: OrgContext, input: z.infer<typeof ZAddJob>) {
  await authorize(ctx, "repairOrder.update");
  return withTenant(ctx.orgId, async (tx) => {
    const order = await editableOrder(tx, ctx, input.repairOrderId);
    const position = (await tx.job.count({ where: { repairOrderId: order.id } })) + 1;
    const job = await tx.job.create({ data: { organizationId: ctx.orgId, repairOrderId: order.id, position, title: input.title } });
    await audit(tx, actorOf(ctx), "job.create", { type: "Job", id: job.id }, { repairOrderId: order.id, title: job.title });
    return job;
  });
}

/**
 * Adds a line to a job. Technicians record labour at the workshop's rate;
 * only members who may issue invoices set prices, parts, fees and discounts.
 */
export async function addLine(ctx: OrgContext, input: z.infer<typeof ZAddLine>) {
  await authorize(ctx, "repairOrder.update");
  const setsPrices = can(ctx, "invoice.create");
  if (!setsPrices && (input.kind !== "LABOUR" || input.unitPrice !== undefined || input.unitCost !== undefined || input.taxRate !== undefined || input.technicianUserId !== undefined)) {
    throw new AppError("FORBIDDEN", "Technicians record labour time; prices are set by the service advisor.");
  }
  const organization = await db().organization.findUniqueOrThrow({ where: { id: ctx.orgId } });
  return withTenant(ctx.orgId, async (tx) => {
    const part = input.partId === undefined ? null : await catalogueLinePart(tx, input.partId);
    const unitPriceMinor = input.unitPrice ?? (part ? sellingPriceMinor(part) : input.kind === "LABOUR" ? organization.labourRateMinor : undefined);
    if (unitPriceMinor === undefined) throw new AppError("VALIDATION_FAILED", "Enter a price.", { fields: { unitPrice: "Enter a price." } });
    const signed = input.kind === "DISCOUNT" ? -unitPriceMinor : unitPriceMinor;
    const job = await tx.job.findFirst({ where: { id: input.jobId } });
    if (!job) throw new AppError("NOT_FOUND", "That job was not found.");
    await editableOrder(tx, ctx, job.repairOrderId);
    // The customer said yes (or no) to this job at this price: extra work is a new job, approved on its own.
    // Read under the job's lock: an answer arriving now waits for this line, or this line sees the answer.
    const approval = await lockJob(tx, ctx.orgId, job.id);
    if (approval !== "PENDING") {
      throw new AppError("CONFLICT", `“${job.title}” was ${approval.toLowerCase()} by the customer and is locked. Add a new job for extra work.`);
    }
    if (input.technicianUserId !== undefined && !(await tx.membership.findFirst({ where: { userId: input.technicianUserId } }))) {
      throw new AppError("VALIDATION_FAILED", "Choose a member of this workshop.", { fields: { technicianUserId: "Choose a member of this workshop." } });
    }
    const line = await tx.jobLine.create({
      data: {
        organizationId: ctx.orgId, jobId: job.id, kind: input.kind, description: input.description ?? `${part!.description} (${part!.sku})`,
        quantityMilli: input.quantity, unitPriceMinor: signed, unitCostMinor: input.unitCost ?? part?.costMinor ?? null, partId: part?.id ?? null,
        taxRateBp: input.taxRate ?? organization.defaultTaxRateBp,
        technicianUserId: input.kind === "LABOUR" ? (input.technicianUserId ?? (setsPrices ? null : ctx.userId)) : null,
        partStatus: input.kind === "PART" ? "NEEDED" : null,
      },
    });
    // A link still out shows the old price: it stops working, and the advisor sends the new estimate.
    await tx.approvalLink.updateMany({ where: { repairOrderId: job.repairOrderId, usedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
    await audit(tx, actorOf(ctx), "jobLine.create", { type: "JobLine", id: line.id }, {
      jobId: job.id, kind: line.kind, quantityMilli: line.quantityMilli, unitPriceMinor: line.unitPriceMinor, taxRateBp: line.taxRateBp,
      ...(part ? { partId: part.id } : {}),
    });
    return line;
  });
}
