import { Card } from "@/components/ui/card";
import { listErasureRequests, type ErasureRequestRow } from "@/lib/gdpr/erasure/list-erasure-requests";
import type { OrgContext } from "@/lib/org/context";
import { can } from "@/lib/rbac";
import { utcMinute } from "./erasure-dates";
import { CancelErasureButton } from "./erasure-forms";

const STATE: Record<string, string> = {
  SCHEDULED: "Scheduled (grace period)", RUNNING: "Running", COMPLETED: "Erased", CANCELLED: "Cancelled", FAILED: "Failed, retrying",
};

function subjectOf(row: ErasureRequestRow) {
  return row.scope === "ORGANIZATION" ? "The whole workshop" : (row.customer?.displayName ?? "A customer");
}

/** Erasure requests and closures on the Data & privacy page, for owners and admins. */
export async function ErasureRequestsSection({ ctx }: { ctx: OrgContext }) {
  if (!can(ctx, "gdpr.erase")) return null;
  const rows = await listErasureRequests(ctx);
  const now = new Date();
  const cancellable = (row: ErasureRequestRow) =>
    row.status === "SCHEDULED" && row.executeAfter !== null && row.executeAfter > now && can(ctx, row.scope === "ORGANIZATION" ? "organization.close" : "gdpr.erase");
  return (
    <Card title="Erasure requests" description="Each runs when its grace period ends, before the legal deadline of one month (Art. 12(3)). Cancel during the grace period and nothing changes.">
      {rows.length === 0 ? <p className="text-sm text-slate-600">No erasure has been requested. Erase a customer from their page.</p> : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" aria-label="Erasure requests">
            <thead className="text-slate-600">
              <tr><th className="py-2 pr-4">Whom</th><th className="py-2 pr-4">State</th><th className="py-2 pr-4">Runs after</th><th className="py-2 pr-4">Legal deadline</th><th className="py-2"><span className="sr-only">Actions</span></th></tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {rows.map((row) => (
                <tr key={row.id}>
                  <td className="py-2 pr-4">
                    {row.scope === "CUSTOMER" && row.customerId ? <a className="text-blue-700 underline" href={`/${ctx.orgSlug}/customers/${row.customerId}`}>{subjectOf(row)}</a> : subjectOf(row)}
                    <span className="block text-xs text-slate-600">requested {utcMinute(row.createdAt)}</span>
                  </td>
                  <td className="py-2 pr-4">
                    {STATE[row.status] ?? row.status}
                    {row.status === "COMPLETED" ? <span className="block text-xs text-slate-600">{utcMinute(row.completedAt)}</span> : null}
                    {row.status === "FAILED" && row.error ? <span className="block text-xs text-red-700">{row.error}</span> : null}
                  </td>
                  <td className="py-2 pr-4">{utcMinute(row.executeAfter)}</td>
                  <td className="py-2 pr-4">{utcMinute(row.dueAt)}</td>
                  <td className="py-2">{cancellable(row) ? <CancelErasureButton orgSlug={ctx.orgSlug} requestId={row.id} /> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
