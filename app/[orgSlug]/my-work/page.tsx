import type { Metadata } from "next";
import Link from "next/link";
import { ClockButton } from "@/components/time-entries/clock-button";
import { RunningTimer } from "@/components/time-entries/running-timer";
import { requirePermission } from "@/lib/org/require-permission";
import { formatDuration } from "@/lib/time-entries/format-duration";
import { myWork } from "@/lib/time-entries/my-work";

export const metadata: Metadata = { title: "My work" };

const STATUS = { APPROVED: "Approved", IN_PROGRESS: "In progress" } as Record<string, string>;

export default async function MyWorkPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const ctx = await requirePermission(orgSlug, "timeEntry.clock");
  const { open, orders } = await myWork(ctx);
  const serverNow = new Date().toISOString();
  const current = open ? orders.flatMap((order) => order.jobs.map((job) => ({ order, job }))).find(({ job }) => job.id === open.jobId) : undefined;

  return (
    <div className="mx-auto flex max-w-2xl flex-col gap-5">
      <h1 className="text-2xl font-semibold">My work</h1>
      {open && current ? (
        <section aria-labelledby="on-the-clock" className="flex flex-col gap-3 rounded-lg border-2 border-green-700 bg-green-50 p-4">
          <h2 id="on-the-clock" className="text-sm font-semibold uppercase tracking-wide text-green-900">On the clock</h2>
          <p className="text-lg font-medium">
            {current.job.title} <span className="text-slate-700">· #{current.order.number} {current.order.vehicle.registration ?? ""}</span>
          </p>
          <RunningTimer since={open.startedAt.toISOString()} serverNow={serverNow} />
          <ClockButton key={`off-${open.id}`} orgSlug={orgSlug} jobId={current.job.id} jobTitle={current.job.title} timeEntryId={open.id} />
        </section>
      ) : (
        <p className="text-slate-700">You are not clocked on. Clocking on to a job clocks you off any other.</p>
      )}

      {orders.length === 0 ? <p className="text-slate-700">No approved work is waiting for you right now.</p> : null}
      {orders.map((order) => (
        <section key={order.id} aria-labelledby={`ro-${order.id}`} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <h2 id={`ro-${order.id}`} className="text-lg font-semibold">
            <Link className="text-blue-700 underline-offset-2 hover:underline" href={`/${orgSlug}/repair-orders/${order.id}`}>
              #{order.number} {order.vehicle.registration ?? ""}
            </Link>{" "}
            <span className="font-normal text-slate-700">{[order.vehicle.make, order.vehicle.model].filter(Boolean).join(" ")}</span>
          </h2>
          <p className="text-sm text-slate-600">
            {STATUS[order.status] ?? order.status.toLowerCase().replace(/_/g, " ")}
            {order.mine ? " · yours" : ""}
          </p>
          <ul className="mt-3 flex flex-col gap-3">
            {order.jobs.map((job) => (
              <li key={job.id} className="flex flex-col gap-2 border-t border-slate-100 pt-3 sm:flex-row sm:items-center sm:justify-between">
                <div>
                  <p className="font-medium">{job.position}. {job.title}</p>
                  <p className="text-sm text-slate-600">{job.loggedMs > 0 ? `You have logged ${formatDuration(job.loggedMs)}` : "No time logged by you yet"}{job.onNow ? " · on now" : ""}</p>
                </div>
                {job.onNow || !job.clockable ? null : <ClockButton key={`on-${job.id}`} orgSlug={orgSlug} jobId={job.id} jobTitle={job.title} />}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
