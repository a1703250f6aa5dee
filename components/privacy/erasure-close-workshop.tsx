import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { withTenant } from "@/lib/db";
import { pendingClosureOf } from "@/lib/gdpr/erasure/pending-erasure";
import type { OrgContext } from "@/lib/org/context";
import { can } from "@/lib/rbac";
import { utcMinute } from "./erasure-dates";
import { CancelErasureButton, CloseWorkshopForm } from "./erasure-forms";

/** "Close this workshop" in the workshop settings: owners only. */
export async function CloseWorkshopSection({ ctx }: { ctx: OrgContext }) {
  if (!can(ctx, "organization.close")) return null;
  const pending = await withTenant(ctx.orgId, (tx) => pendingClosureOf(tx));
  const grace = pending?.status === "SCHEDULED" && pending.executeAfter !== null && pending.executeAfter > new Date();
  return (
    <Card
      title="Close this workshop"
      description="After a 30-day grace period every customer is erased, everything is deleted except the invoices tax law makes you keep (anonymized), the subscription is cancelled at once, and nobody can open the workshop again."
    >
      {pending ? (
        <Notice tone="error">
          <div className="flex flex-wrap items-center gap-3">
            <span>This workshop will be closed after {utcMinute(pending.executeAfter)}.{grace ? "" : " Closing is under way."}</span>
            {grace ? <CancelErasureButton orgSlug={ctx.orgSlug} requestId={pending.id} label="Keep the workshop open" /> : null}
          </div>
        </Notice>
      ) : (
        <div className="flex flex-col gap-4">
          <p className="text-sm">
            First, <a className="text-blue-700 underline" href={`/${ctx.orgSlug}/settings/privacy`}>export the whole workshop</a>: the export is the only copy you will have.
          </p>
          <CloseWorkshopForm orgSlug={ctx.orgSlug} />
        </div>
      )}
    </Card>
  );
}
