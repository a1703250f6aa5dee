import { z } from "zod";
import { audit } from "@/lib/audit/audit";
import { withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { sendJob } from "@/lib/jobs/send-job";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { takePoint } from "@/lib/rate-limit/limiter";
import type { LimitRule } from "@/lib/rate-limit/rules";

export const ZRequestExport = z
  .object({
    scope: z.enum(["CUSTOMER", "ORGANIZATION"], { message: "Choose one customer or the whole workshop." }),
    customerId: z.string().trim().optional(),
  })
  .superRefine((input, issues) => {
    if (input.scope === "CUSTOMER" && !input.customerId) issues.addIssue({ code: "custom", path: ["customerId"], message: "Choose the customer whose data to export." });
  });

export type RequestExportInput = z.input<typeof ZRequestExport>;

/** Building an export reads the whole workshop: a few an hour is plenty, and a flood would hold the workers. */
export const EXPORTS_PER_HOUR: LimitRule = { points: 10, duration: 3600 };

/** Art. 12(3): answered within one month of the request. */
export function oneMonthAfter(date: Date): Date {
  const due = new Date(date);
  due.setUTCMonth(due.getUTCMonth() + 1);
  // 31 January + one month is the end of February, not 3 March.
  if (due.getUTCDate() !== date.getUTCDate()) due.setUTCDate(0);
  return due;
}

/**
 * Files a GDPR export (Art. 15/20) of one customer or of the whole workshop and
 * queues the job that builds it. Counted against the workshop's export limit,
 * which fails closed: without the shared limiter no export is started.
 */
export async function requestExport(ctx: OrgContext, raw: RequestExportInput) {
  await authorize(ctx, "gdpr.export");
  const input = ZRequestExport.parse(raw);
  await takePoint("gdpr-export", ctx.orgId, EXPORTS_PER_HOUR, { failClosed: true });
  const customerId = input.scope === "CUSTOMER" ? input.customerId! : null;
  const now = new Date();
  const request = await withTenant(ctx.orgId, async (tx) => {
    if (customerId !== null) {
      const customer = isUuid(customerId) ? await tx.customer.findFirst({ where: { id: customerId }, select: { id: true } }) : null;
      if (!customer) throw new AppError("NOT_FOUND", "That customer was not found.", { fields: { customerId: "That customer was not found." } });
    }
    const created = await tx.privacyRequest.create({
      data: {
        organizationId: ctx.orgId, kind: "EXPORT", scope: input.scope, customerId, status: "QUEUED",
        requestedByUserId: ctx.userId, requestedByApiKeyId: ctx.apiKeyId ?? null, dueAt: oneMonthAfter(now),
      },
    });
    await audit(tx, actorOf(ctx), "gdpr.export.requested", { type: "PrivacyRequest", id: created.id }, { scope: input.scope, ...(customerId ? { customerId } : {}) });
    return created;
  });
  try {
    await sendJob("privacy-export", { orgId: ctx.orgId, requestId: request.id }, { singletonKey: request.id });
  } catch (error) {
    // Not left QUEUED with no job behind it: the page shows it failed, and the admin can ask again.
    await withTenant(ctx.orgId, (tx) =>
      tx.privacyRequest.update({ where: { organizationId_id: { organizationId: ctx.orgId, id: request.id } }, data: { status: "FAILED", error: "The export could not be queued. Please try again." } }),
    );
    throw new AppError("SERVICE_UNAVAILABLE", "The export could not be started just now. Please try again in a minute.", { cause: error });
  }
  return request;
}
