import type { Metadata } from "next";
import Link from "next/link";
import { requirePermission } from "@/lib/org/require-permission";
import { jobBoard } from "@/lib/repair-orders/job-board";

export const metadata: Metadata = { title: "Job board" };

const label = (status: string) => status.charAt(0) + status.slice(1).toLowerCase().replace(/_/g, " ");

export default async function JobBoardPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const ctx = await requirePermission(orgSlug, "repairOrder.read");
  const columns = await jobBoard(ctx);
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">Job board</h1>
      <div className="grid gap-4 md:grid-cols-3 xl:grid-cols-6">
        {columns.map((column) => (
          <section key={column.status} aria-labelledby={`col-${column.status}`} className="rounded-lg bg-slate-100 p-3">
            <h2 id={`col-${column.status}`} className="mb-2 text-sm font-semibold text-slate-800">
              {label(column.status)} ({column.orders.length})
            </h2>
            <ul className="flex flex-col gap-2">
              {column.orders.map((order) => (
                <li key={order.id} className="rounded-md border border-slate-200 bg-white p-2 text-sm shadow-sm">
                  <Link className="font-medium text-blue-700 underline-offset-2 hover:underline" href={`/${orgSlug}/repair-orders/${order.id}`}>
                    #{order.number} {order.vehicle.registration ?? order.vehicle.vin}
                  </Link>
                  <p className="text-slate-600">{order.customer.displayName}</p>
                  {order.promisedAt ? <p className="text-slate-600">Promised {order.promisedAt.toISOString().slice(0, 16).replace("T", " ")}</p> : null}
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </div>
  );
}
