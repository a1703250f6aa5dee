"use server";

import { observedAction, orgAction } from "@/lib/actions/org-action";
import { AppError } from "@/lib/errors";
import { identifyRequest } from "@/lib/log/request-context";
import { countRefusal } from "@/lib/observability/count";
import { findExportCustomers, type ExportCustomer } from "@/lib/gdpr/export/find-export-customers";
import { requestExport, ZRequestExport } from "@/lib/gdpr/export/request-export";
import { requireOrgContext } from "@/lib/org/context";
import { limitMemberRequest } from "@/lib/rate-limit/request-limits";

// A workshop read-only for non-payment still answers its customers' data requests (Art. 15 has no exception for it).
export const requestExportAction = orgAction(
  ZRequestExport,
  async (ctx, input) => {
    await requestExport(ctx, input);
    return { ok: true, message: input.scope === "CUSTOMER" ? "Export started: it appears below, with its progress." : "Export of the whole workshop started: it appears below, with its progress." };
  },
  { allowedWhenReadOnly: true },
);

/** The export form's customer picker, as the user types. Changes nothing; counted like a request. */
export async function searchExportCustomersAction(orgSlug: string, q: string): Promise<ExportCustomer[]> {
  return observedAction(async () => {
    const ctx = await requireOrgContext(String(orgSlug));
    identifyRequest(ctx.orgId, ctx.userId);
    try {
      await limitMemberRequest(ctx);
      // Well-formed: the cut may halve an emoji, and a lone surrogate (which a JSON argument can carry) makes Prisma throw.
      return await findExportCustomers(ctx, String(q).slice(0, 100).toWellFormed());
    } catch (error) {
      countRefusal(error);
      if (error instanceof AppError) return [];
      throw error;
    }
  });
}
