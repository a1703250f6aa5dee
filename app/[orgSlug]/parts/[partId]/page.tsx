import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PartForm } from "@/components/parts/part-form";
import { AdjustStockForm } from "@/components/parts/stock-forms";
import { Card } from "@/components/ui/card";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { formatMoney, formatQuantity } from "@/lib/money/format-money";
import { requirePermission } from "@/lib/org/require-permission";
import { getPart } from "@/lib/parts/get-part";
import { can } from "@/lib/rbac";
import { supplierChoices } from "@/lib/suppliers/list-suppliers";

export const metadata: Metadata = { title: "Part" };

const KIND_LABEL = { RECEIVED: "Received", FITTED: "Fitted", ADJUSTED: "Adjusted", RETURNED: "Returned from a job" } as const;
const decimal = (minor: number) => (minor / 100).toFixed(2);

export default async function PartPage({ params }: { params: Promise<{ orgSlug: string; partId: string }> }) {
  const { orgSlug, partId } = await params;
  const ctx = await requirePermission(orgSlug, "part.read");
  const { part, costs, stock, ledger } = await getPart(ctx, partId).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const [organization, suppliers] = await Promise.all([
    db().organization.findUniqueOrThrow({ where: { id: ctx.orgId }, select: { currency: true } }),
    can(ctx, "part.update") ? supplierChoices(ctx) : Promise.resolve([]),
  ]);
  const money = (minor: number) => formatMoney(minor, organization.currency);
  const source = (movement: (typeof ledger)[number]) => {
    const order = movement.purchaseOrderLine?.purchaseOrder;
    const repair = movement.jobLine?.job.repairOrder;
    if (order) return can(ctx, "purchaseOrder.manage") ? <Link className="text-blue-700 underline underline-offset-2" href={`/${orgSlug}/purchase-orders/${order.id}`}>PO {order.number}</Link> : `PO ${order.number}`;
    if (repair) return <Link className="text-blue-700 underline underline-offset-2" href={`/${orgSlug}/repair-orders/${repair.id}`}>RO {repair.number}</Link>;
    return movement.note;
  };

  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold">{part.sku} · {part.description}</h1>
        <p className="mt-1 text-slate-700">
          {part.brand ? `${part.brand} · ` : ""}{costs ? `Cost ${money(costs.costMinor)} · ` : ""}Sells at {money(part.sellingPriceMinor)}
          {costs?.markupBp != null ? ` (cost + ${(costs.markupBp / 100).toLocaleString("en-GB")} %)` : ""}
          {part.defaultSupplier ? ` · From ${part.defaultSupplier.name}` : ""}
          {part.active ? "" : " · No longer stocked"}
        </p>
      </div>

      <Card title="Stock" description={`Reorder at or below ${formatQuantity(part.reorderLevelMilli)}${part.reorderLevelMilli === 0 ? " (never reordered)" : ""}.`}>
        <table className="w-full text-sm">
          <thead><tr className="text-left text-slate-600"><th className="py-1">Location</th><th className="text-right">On hand</th></tr></thead>
          <tbody>
            {stock.map((location) => (
              <tr key={location.id} className="border-t border-slate-100">
                <td className="py-1">{location.name}</td>
                <td className="text-right" data-testid={`on-hand-${location.id}`}>{formatQuantity(location.onHandMilli)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {can(ctx, "part.adjustStock") ? <div className="mt-4"><AdjustStockForm orgSlug={orgSlug} partId={part.id} locations={stock} /></div> : null}
      </Card>

      <Card title="Stock ledger" description="Every movement in and out, newest first.">
        {ledger.length === 0 ? <p className="text-slate-700">No stock has moved yet.</p> : (
          <div className="overflow-x-auto">
            <table className="w-full text-sm" data-testid="ledger">
              <thead><tr className="text-left text-slate-600"><th className="py-1">When (UTC)</th><th>What</th><th className="pr-2 text-right">Qty</th><th>Where</th><th>By</th><th>Why</th></tr></thead>
              <tbody>
                {ledger.map((movement) => (
                  <tr key={movement.id} className="border-t border-slate-100">
                    <td className="py-1 pr-2 whitespace-nowrap">{movement.createdAt.toISOString().slice(0, 16).replace("T", " ")}</td>
                    <td className="pr-2">{KIND_LABEL[movement.kind]}</td>
                    <td className="pr-2 text-right">{movement.quantityMilli > 0 ? "+" : ""}{formatQuantity(movement.quantityMilli)}</td>
                    <td className="pr-2">{movement.location.name}</td>
                    <td className="pr-2">{movement.userName}</td>
                    <td>{source(movement)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>

      {costs ? (
        <Card title="Edit part">
          <PartForm
            orgSlug={orgSlug} partId={part.id} suppliers={suppliers}
            defaults={{
              sku: part.sku, brand: part.brand ?? "", description: part.description, cost: decimal(costs.costMinor),
              priceRule: part.priceMinor !== null ? "FIXED" : "MARKUP", price: part.priceMinor !== null ? decimal(part.priceMinor) : "",
              markup: costs.markupBp !== null ? String(costs.markupBp / 100) : "", reorderLevel: String(part.reorderLevelMilli / 1000),
              defaultSupplierId: part.defaultSupplierId ?? "", active: String(part.active),
            }}
          />
        </Card>
      ) : null}
    </div>
  );
}
