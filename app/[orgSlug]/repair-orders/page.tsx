import type { Metadata } from "next";
import Link from "next/link";
import { JobBoard, type BoardColumn } from "@/components/repair-orders/job-board";
import { buttonClass } from "@/components/ui/button";
import { db } from "@/lib/db";
import { requirePermission } from "@/lib/org/require-permission";
import { boardMoves, boardTechnicians, jobBoard, ZBoardFilters } from "@/lib/repair-orders/job-board";

export const metadata: Metadata = { title: "Job board" };

const label = (status: string) => status.charAt(0) + status.slice(1).toLowerCase().replace(/_/g, " ");

const DUE_OPTIONS = [
  { value: "", label: "Any time" },
  { value: "overdue", label: "Overdue" },
  { value: "today", label: "Due today" },
  { value: "week", label: "Due this week" },
];

const selectClass = "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-slate-900 shadow-sm focus:border-blue-700 focus:outline-2 focus:outline-blue-700";

export default async function JobBoardPage({
  params, searchParams,
}: { params: Promise<{ orgSlug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { orgSlug } = await params;
  const ctx = await requirePermission(orgSlug, "repairOrder.read");
  const filters = ZBoardFilters.parse(await searchParams);
  // Technicians see only their own work, so a technician filter means nothing to them.
  const filtersTechnicians = ctx.role !== "TECHNICIAN";
  const [columns, technicians, organization] = await Promise.all([
    jobBoard(ctx, filters),
    filtersTechnicians ? boardTechnicians(ctx) : Promise.resolve([]),
    db().organization.findUniqueOrThrow({ where: { id: ctx.orgId }, select: { timezone: true } }),
  ]);
  const names = new Map(technicians.map((t) => [t.userId, t.name]));
  const technicianOptions = [{ value: "", label: "All technicians" }, { value: "none", label: "Unassigned" }, ...technicians.map((t) => ({ value: t.userId, label: t.name }))];
  if (filters.technician && !technicianOptions.some((o) => o.value === filters.technician)) technicianOptions.push({ value: filters.technician, label: "Other member" });
  const when = new Intl.DateTimeFormat("en-GB", { timeZone: organization.timezone, weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
  const board: BoardColumn[] = columns.map((column) => ({
    status: column.status,
    label: label(column.status),
    cards: column.orders.map((order) => ({
      id: order.id,
      number: order.number,
      href: `/${orgSlug}/repair-orders/${order.id}`,
      vehicle: order.vehicle.registration ?? order.vehicle.vin ?? [order.vehicle.make, order.vehicle.model].filter(Boolean).join(" "),
      customer: order.customer.displayName,
      promised: order.promisedAt ? when.format(order.promisedAt) : null,
      overdue: order.overdue,
      technician: order.technicianUserId ? (order.technicianUserId === ctx.userId ? "you" : (names.get(order.technicianUserId) ?? "Former member")) : null,
    })),
  }));
  const filtered = filters.due !== undefined || filters.technician !== undefined;

  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">Job board</h1>
      <form method="get" action={`/${orgSlug}/repair-orders`} aria-label="Filter the job board" className="flex flex-wrap items-end gap-3">
        {filtersTechnicians ? (
          <div className="flex flex-col gap-1">
            <label htmlFor="filter-technician" className="text-sm font-medium text-slate-800">Technician</label>
            <select id="filter-technician" name="technician" defaultValue={filters.technician ?? ""} className={selectClass}>
              {technicianOptions.map((option) => <option key={option.value} value={option.value}>{option.label}</option>)}
            </select>
          </div>
        ) : null}
        <div className="flex flex-col gap-1">
          <label htmlFor="filter-due" className="text-sm font-medium text-slate-800">Promised</label>
          <select id="filter-due" name="due" defaultValue={filters.due ?? ""} className={selectClass}>
            {DUE_OPTIONS.map((option) => <option key={option.value} value={option.value}>{option.label}</option>)}
          </select>
        </div>
        <button type="submit" className={buttonClass("secondary")}>Apply filters</button>
        {filtered ? <Link href={`/${orgSlug}/repair-orders`} className={buttonClass("link")}>Clear filters</Link> : null}
        <p className="w-full text-sm text-slate-600">
          {ctx.role === "TECHNICIAN" ? "Showing the work assigned to you. " : ""}Times are in {organization.timezone}. Drag a card to move it, or use its Move control.
        </p>
      </form>
      <JobBoard key={JSON.stringify(filters)} orgSlug={orgSlug} columns={board} moves={boardMoves(ctx)} />
    </div>
  );
}
