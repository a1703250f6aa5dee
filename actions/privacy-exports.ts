"use server";

import { orgAction, orgSearch } from "@/lib/actions/org-action";
import { findExportCustomers, type ExportCustomer } from "@/lib/gdpr/export/find-export-customers";
import { requestExport, ZRequestExport } from "@/lib/gdpr/export/request-export";

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
  return orgSearch(orgSlug, q, findExportCustomers);
}
