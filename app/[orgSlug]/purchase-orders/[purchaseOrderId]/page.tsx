import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import {
  AddPurchaseOrderLineForm, CancelPurchaseOrderButton, DraftLineForms, MarkOrderedButton, ReceiveEverythingButton, ReceiveForm,
} from "@/components/purchase-orders/purchase-order-forms";
import { Card } from "@/components/ui/card";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { formatMoney, formatQuantity } from "@/lib/money/format-money";
import { requirePermission } from "@/lib/org/require-permission";
import { partChoices } from "@/lib/parts/list-parts";
import { getPurchaseOrder, lineCostMinor } from "@/lib/purchase-orders/list-purchase-orders";
import { STATUS_LABEL } from "@/lib/purchase-orders/lock-purchase-order";
import { waitingPartLines } from "@/lib/purchase-orders/waiting-part-lines";

export const metadata: Metadata = { title: "Purchase order" };

export default async function PurchaseOrderPage({ params }: { params: Promise<{ orgSlug: string; purchaseOrderId: string }> }) {
  const { orgSlug, purchaseOrderId } = await params;
  const ctx = await requirePermission(orgSlug, "purchaseOrder.manage");
  const order = await getPurchaseOrder(ctx, purchaseOrderId).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const draft = order.status === "DRAFT";
  const receiving = order.status === "ORDERED" || order.status === "PARTIALLY_RECEIVED";
  const [organization, parts, waiting] = await Promise.all([
    db().organization.findUniqueOrThrow({ where: { id: ctx.orgId }, select: { currency: true } }),
    draft ? partChoices(ctx) : Promise.resolve([]),
    draft ? waitingPartLines(ctx) : Promise.resolve([]),
  ]);
  const money = (minor: number) => formatMoney(minor, organization.currency);
  const lineLabel = (line: (typeof order.lines)[number]) => `${line.part.sku} ${line.part.description}`;
  const outstanding = order.lines.filter((line) => line.receivedMilli < line.quantityMilli);

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="text-2xl font-semibold">Purchase order {order.number}</h1>
        <p className="rounded bg-slate-200 px-2 py-1 text-sm font-medium" data-testid="po-status">{STATUS_LABEL[order.status]}</p>
      </div>
      <Card>
        <p>
          <Link className="text-blue-700 underline underline-offset-2" href={`/${orgSlug}/suppliers/${order.supplier.id}`}>{order.supplier.name}</Link>
          {order.supplier.accountNumber ? ` (account ${order.supplier.accountNumber})` : ""} · deliver to {order.location.name}
          {order.orderedAt ? ` · ordered ${order.orderedAt.toISOString().slice(0, 10)}` : ""}
          {order.expectedAt ? ` · expected ${order.expectedAt.toISOString().slice(0, 10)}` : ""}
        </p>
        {order.notes ? <p className="mt-2 text-slate-700">Notes: {order.notes}</p> : null}
        <div className="mt-4 flex flex-wrap items-end gap-2">
          {draft && order.lines.length > 0 ? <MarkOrderedButton orgSlug={orgSlug} purchaseOrderId={order.id} /> : null}
          {order.status === "ORDERED" ? <ReceiveEverythingButton orgSlug={orgSlug} purchaseOrderId={order.id} /> : null}
          {order.status === "PARTIALLY_RECEIVED" ? <ReceiveEverythingButton orgSlug={orgSlug} purchaseOrderId={order.id} /> : null}
          {draft || order.status === "ORDERED" ? <CancelPurchaseOrderButton orgSlug={orgSlug} purchaseOrderId={order.id} /> : null}
        </div>
      </Card>

      <Card title="Lines">
        {order.lines.length === 0 ? <p className="text-slate-700">No parts on this order yet.</p> : (
          <ul className="divide-y divide-slate-200" data-testid="po-lines">
            {order.lines.map((line) => (
              <li key={line.id} className="flex flex-col gap-2 py-3">
                <div className="flex flex-wrap justify-between gap-2">
                  <span>
                    <Link className="font-medium text-blue-700 underline-offset-2 hover:underline" href={`/${orgSlug}/parts/${line.part.id}`}>{line.part.sku}</Link> {line.part.description}
                    {line.jobLine ? <> · for <Link className="text-blue-700 underline underline-offset-2" href={`/${orgSlug}/repair-orders/${line.jobLine.job.repairOrder.id}`}>RO {line.jobLine.job.repairOrder.number}</Link></> : null}
                  </span>
                  <span className="text-sm text-slate-700">
                    {formatQuantity(line.receivedMilli)} of {formatQuantity(line.quantityMilli)} received · {money(line.unitCostMinor)} each · {money(lineCostMinor(line))}
                  </span>
                </div>
                {draft ? (
                  <DraftLineForms orgSlug={orgSlug} lineId={line.id} label={lineLabel(line)} quantity={String(line.quantityMilli / 1000)} unitCost={(line.unitCostMinor / 100).toFixed(2)} />
                ) : null}
              </li>
            ))}
          </ul>
        )}
        <p className="mt-3 text-right font-semibold">Total {money(order.lines.reduce((sum, line) => sum + lineCostMinor(line), 0))}</p>
      </Card>

      {draft ? (
        <Card title="Add a part">
          {parts.length === 0 ? <p className="text-slate-700">The catalogue has no stocked parts yet.</p> : (
            <AddPurchaseOrderLineForm
              orgSlug={orgSlug} purchaseOrderId={order.id}
              parts={parts.map((part) => ({ value: part.id, label: `${part.sku} ${part.description}` }))}
              waitingLines={waiting.map((line) => ({ value: line.id, label: `RO ${line.job.repairOrder.number}: ${line.description} × ${formatQuantity(line.quantityMilli)}` }))}
            />
          )}
        </Card>
      ) : null}

      {receiving && outstanding.length > 0 ? (
        <Card title="Receive a delivery" description="Enter how many of each part arrived; leave a line empty if none did.">
          <ReceiveForm
            orgSlug={orgSlug} purchaseOrderId={order.id}
            lines={outstanding.map((line) => ({ id: line.id, label: lineLabel(line), outstanding: formatQuantity(line.quantityMilli - line.receivedMilli) }))}
          />
        </Card>
      ) : null}
    </div>
  );
}
