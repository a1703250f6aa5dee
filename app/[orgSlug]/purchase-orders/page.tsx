import type { Metadata } from "next";
import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { db } from "@/lib/db";
import { PurchaseOrderStatus } from "@/lib/generated/prisma/client";
import { formatMoney } from "@/lib/money/format-money";
import { requirePermission } from "@/lib/org/require-permission";
import { listPurchaseOrders, lineCostMinor } from "@/lib/purchase-orders/list-purchase-orders";
import { STATUS_LABEL } from "@/lib/purchase-orders/lock-purchase-order";
import { readQuery, type QueryParams } from "@/lib/http/query-params";

export const metadata: Metadata = { title: "Purchase orders" };

const FILTERS = [{ value: "", label: "Open" }, ...Object.values(PurchaseOrderStatus).map((status) => ({ value: status, label: STATUS_LABEL[status] }))];

export default async function PurchaseOrdersPage({ params, searchParams }: { params: Promise<{ orgSlug: string }>; searchParams: Promise<QueryParams> }) {
  const { orgSlug } = await params;
  const { status: asked = "" } = await readQuery(searchParams, "status");
  const ctx = await requirePermission(orgSlug, "purchaseOrder.manage");
  const status = (Object.values(PurchaseOrderStatus) as string[]).includes(asked) ? (asked as PurchaseOrderStatus) : undefined;
  const [orders, organization] = await Promise.all([
    listPurchaseOrders(ctx, { status }),
    db().organization.findUniqueOrThrow({ where: { id: ctx.orgId }, select: { currency: true } }),
  ]);

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Purchase orders</h1>
        <div className="flex flex-wrap gap-2">
          <Link className={buttonClass("secondary")} href={`/${orgSlug}/suppliers`}>Suppliers</Link>
          <Link className={buttonClass("secondary")} href={`/${orgSlug}/parts/low-stock`}>Low stock</Link>
          <Link className={buttonClass("primary")} href={`/${orgSlug}/purchase-orders/new`}>New purchase order</Link>
        </div>
      </div>
      <nav aria-label="Filter by status">
        <ul className="flex flex-wrap gap-3 text-sm">
          {FILTERS.map((filter) => (
            <li key={filter.value}>
              <Link
                className={`underline-offset-2 hover:underline ${filter.value === (status ?? "") ? "font-semibold text-slate-900" : "text-blue-700"}`}
                aria-current={filter.value === (status ?? "") ? "page" : undefined}
                href={`/${orgSlug}/purchase-orders${filter.value ? `?status=${filter.value}` : ""}`}
              >
                {filter.label.charAt(0).toUpperCase() + filter.label.slice(1)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <Card>
        {orders.length === 0 ? <p className="text-slate-700">No purchase orders here.</p> : (
          <ul className="divide-y divide-slate-200">
            {orders.map((order) => (
              <li key={order.id} className="flex flex-col gap-1 py-2 sm:flex-row sm:items-center sm:justify-between">
                <span>
                  <Link className="font-medium text-blue-700 underline-offset-2 hover:underline" href={`/${orgSlug}/purchase-orders/${order.id}`}>PO {order.number}</Link>
                  {" "}{order.supplier.name} → {order.location.name}
                </span>
                <span className="text-sm text-slate-600">
                  {STATUS_LABEL[order.status]} · {order.lines.length} line{order.lines.length === 1 ? "" : "s"} ·{" "}
                  {formatMoney(order.lines.reduce((sum, line) => sum + lineCostMinor(line), 0), organization.currency)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
