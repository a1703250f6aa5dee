import { z } from "zod";
import { audit } from "@/lib/audit/audit";
import { db, withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { blankToUndefined } from "@/lib/forms/blank";
import { fieldErrors } from "@/lib/forms/form-state";
import { JobLineKind, Prisma } from "@/lib/generated/prisma/client";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { money, quantity } from "./edit-jobs";
import { EDITABLE } from "./status";
import { isUuid } from "@/lib/ids";

export const ZCannedJob = z.object({
  title: z.string().trim().min(1, "Name the job.").max(200),
  lines: z
    .array(
      z.object({
        kind: z.enum(JobLineKind),
        description: z.string().trim().min(1).max(300),
        quantityMilli: z.number().int().positive().max(1_000_000_000),
        // Labour without a price takes the workshop's rate when the job is added.
        unitPriceMinor: z.number().int().min(0).max(1_000_000_000).optional(),
        unitCostMinor: z.number().int().min(0).max(1_000_000_000).optional(),
      }).refine((line) => line.kind === "LABOUR" || line.unitPriceMinor !== undefined, { message: "Parts, fees and discounts need a price." }),
    )
    .min(1, "Add at least one line."),
});

/** How many line rows the canned job form offers. */
export const CANNED_JOB_ROWS = 5;

const optionalText = z.preprocess(blankToUndefined, z.string().trim().max(300, "Keep it under 300 characters.").optional());
const rowShape: Record<string, z.ZodType> = {};
for (let row = 0; row < CANNED_JOB_ROWS; row += 1) {
  rowShape[`kind${row}`] = z.preprocess(blankToUndefined, z.enum(JobLineKind, { message: "Choose labour, part, fee or discount." }).default("LABOUR"));
  rowShape[`description${row}`] = optionalText;
  rowShape[`quantity${row}`] = z.preprocess(blankToUndefined, quantity.optional());
  rowShape[`unitPrice${row}`] = z.preprocess(blankToUndefined, money.optional());
  rowShape[`unitCost${row}`] = z.preprocess(blankToUndefined, money.optional());
}

interface FormRow { kind: JobLineKind; description?: string; quantity?: number; unitPrice?: number; unitCost?: number }
const rowOf = (fields: Record<string, unknown>, row: number) =>
  ({
    kind: fields[`kind${row}`], description: fields[`description${row}`], quantity: fields[`quantity${row}`],
    unitPrice: fields[`unitPrice${row}`], unitCost: fields[`unitCost${row}`],
  }) as FormRow;
const isUsed = (line: FormRow) => line.description !== undefined || line.unitPrice !== undefined || line.unitCost !== undefined;

/**
 * The canned job form: a title and up to CANNED_JOB_ROWS flat rows (kind0,
 * description0, quantity0, unitPrice0, unitCost0, ...), so each error lands on
 * its own field. Quantities and money follow the repair order line rules; an
 * empty row is skipped and an empty quantity means 1.
 */
export const ZCannedJobForm = z
  .object({ title: z.string().trim().min(1, "Name the job.").max(200, "Keep the name under 200 characters."), ...rowShape })
  .superRefine((fields, issue) => {
    const rows = Array.from({ length: CANNED_JOB_ROWS }, (_, row) => rowOf(fields, row));
    rows.forEach((line, row) => {
      if (!isUsed(line)) return;
      if (line.description === undefined) issue.addIssue({ code: "custom", path: [`description${row}`], message: "Describe the line." });
      if (line.kind !== "LABOUR" && line.unitPrice === undefined) {
        issue.addIssue({ code: "custom", path: [`unitPrice${row}`], message: "Parts, fees and discounts need a price." });
      }
    });
    if (!rows.some(isUsed)) issue.addIssue({ code: "custom", path: ["description0"], message: "Add at least one line." });
  })
  .transform((fields): z.input<typeof ZCannedJob> => ({
    title: fields.title,
    lines: Array.from({ length: CANNED_JOB_ROWS }, (_, row) => rowOf(fields, row))
      .filter(isUsed)
      .map((line) => ({
        kind: line.kind, description: line.description ?? "", quantityMilli: line.quantity ?? 1000,
        ...(line.unitPrice === undefined ? {} : { unitPriceMinor: line.unitPrice }),
        ...(line.unitCost === undefined ? {} : { unitCostMinor: line.unitCost }),
      })),
  }));

export async function createCannedJob(ctx: OrgContext, raw: z.input<typeof ZCannedJob>) {
  await authorize(ctx, "invoice.create");
  const parsed = ZCannedJob.safeParse(raw);
  if (!parsed.success) {
    throw new AppError("VALIDATION_FAILED", parsed.error.issues[0]?.message ?? "Check the canned job.", { fields: fieldErrors(parsed.error) });
  }
  const input = parsed.data;
  try {
    return await withTenant(ctx.orgId, async (tx) => {
      const canned = await tx.cannedJob.create({ data: { organizationId: ctx.orgId, title: input.title } });
      await tx.cannedJobLine.createMany({
        data: input.lines.map((line, index) => ({
          organizationId: ctx.orgId, cannedJobId: canned.id, position: index + 1, kind: line.kind, description: line.description,
          quantityMilli: line.quantityMilli, unitPriceMinor: line.unitPriceMinor ?? null, unitCostMinor: line.unitCostMinor ?? null,
        })),
      });
      await audit(tx, actorOf(ctx), "cannedJob.create", { type: "CannedJob", id: canned.id }, { title: canned.title, lines: input.lines.length });
      return canned;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("CONFLICT", "A canned job with this name exists.", { fields: { title: "A canned job with this name exists." } });
    }
    throw error;
  }
}

/** Copies a canned job, lines and all, onto a repair order in one transaction. */
export async function addCannedJob(ctx: OrgContext, repairOrderId: string, cannedJobId: string) {
  await authorize(ctx, "repairOrder.update");
  await authorize(ctx, "invoice.create");
  const organization = await db().organization.findUniqueOrThrow({ where: { id: ctx.orgId } });
  return withTenant(ctx.orgId, async (tx) => {
        const order = isUuid(repairOrderId) ? await tx.repairOrder.findFirst({ where: { id: repairOrderId } }) : null;
    if (!order) throw new AppError("NOT_FOUND", "That repair order was not found.");
    const canned = isUuid(cannedJobId)
      ? await tx.cannedJob.findFirst({ where: { id: cannedJobId }, include: { lines: { orderBy: { position: "asc" } } } })
      : null;
    if (!canned) throw new AppError("NOT_FOUND", "That canned job was not found.");
    if (!EDITABLE.has(order.status)) throw new AppError("CONFLICT", `Repair order ${order.number} can no longer change.`);
    const position = (await tx.job.count({ where: { repairOrderId: order.id } })) + 1;
    const job = await tx.job.create({ data: { organizationId: ctx.orgId, repairOrderId: order.id, position, title: canned.title } });
    await tx.jobLine.createMany({
      data: canned.lines.map((line) => {
        const price = line.unitPriceMinor ?? organization.labourRateMinor;
        return {
          organizationId: ctx.orgId, jobId: job.id, kind: line.kind, description: line.description, quantityMilli: line.quantityMilli,
          unitPriceMinor: line.kind === "DISCOUNT" ? -price : price, unitCostMinor: line.unitCostMinor,
          taxRateBp: organization.defaultTaxRateBp, partStatus: line.kind === "PART" ? ("NEEDED" as const) : null,
        };
      }),
    });
    await audit(tx, actorOf(ctx), "job.create", { type: "Job", id: job.id }, { repairOrderId: order.id, cannedJobId: canned.id, title: canned.title });
    return job;
  });
}

/** The workshop's canned jobs with their lines, by name. */
export async function listCannedJobs(ctx: OrgContext) {
  await authorize(ctx, "repairOrder.read");
  return withTenant(ctx.orgId, (tx) =>
    tx.cannedJob.findMany({ orderBy: { title: "asc" }, take: 500, include: { lines: { orderBy: { position: "asc" } } } }),
  );
}
