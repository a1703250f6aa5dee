import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { withTenant } from "@/lib/db";
import { pendingErasureOf } from "@/lib/gdpr/erasure/pending-erasure";
import type { OrgContext } from "@/lib/org/context";
import { can } from "@/lib/rbac";
import { utcMinute } from "./erasure-dates";
import { CancelErasureButton, EraseCustomerForm } from "./erasure-forms";

async function erasureState(ctx: OrgContext, customerId: string) {
  return withTenant(ctx.orgId, async (tx) => ({
    pending: await pendingErasureOf(tx, customerId),
    erased: await tx.privacyRequest.findFirst({ where: { kind: "ERASURE", customerId, status: "COMPLETED" }, select: { completedAt: true } }),
  }));
}

/** The banner while an erasure waits (everyone sees it: the customer may still be served until then). */
export async function ErasureBanner({ ctx, customerId }: { ctx: OrgContext; customerId: string }) {
  const { pending, erased } = await erasureState(ctx, customerId);
  if (erased) return <Notice>This customer was erased on {utcMinute(erased.completedAt)} (GDPR Art. 17). Their invoices are kept without their details.</Notice>;
  if (!pending) return null;
  const grace = pending.status === "SCHEDULED" && pending.executeAfter !== null && pending.executeAfter > new Date();
  return (
    <Notice tone="error">
      <div className="flex flex-wrap items-center gap-3">
        <span>
          Erasure scheduled for {utcMinute(pending.executeAfter)} (legal deadline {utcMinute(pending.dueAt)}).
          {grace ? "" : " It is being carried out."}
        </span>
        {grace && can(ctx, "gdpr.erase") ? <CancelErasureButton orgSlug={ctx.orgSlug} requestId={pending.id} label="Cancel erasure" /> : null}
      </div>
    </Notice>
  );
}

/** "Erase this customer", for owners and admins, unless an erasure is already on its way or done. */
export async function EraseCustomerSection({ ctx, customerId, name }: { ctx: OrgContext; customerId: string; name: string }) {
  if (!can(ctx, "gdpr.erase")) return null;
  const { pending, erased } = await erasureState(ctx, customerId);
  if (pending || erased) return null;
  return (
    <Card
      title="Erase this customer"
      description="GDPR Art. 17. After a 30-day grace period (shorter when the legal month is, so the deadline is always met) their name, contact details, address, notes, plates, photos and mail are erased everywhere. Invoices are kept for tax law, under an anonymous name. The customer can still be served until then."
    >
      <EraseCustomerForm orgSlug={ctx.orgSlug} customerId={customerId} name={name} />
    </Card>
  );
}
