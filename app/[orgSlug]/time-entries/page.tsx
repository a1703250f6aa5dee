import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ClockButton } from "@/components/time-entries/clock-button";
import { CorrectEntryForm } from "@/components/time-entries/correct-entry-form";
import { buttonClass } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { AppError } from "@/lib/errors";
import { requirePermission } from "@/lib/org/require-permission";
import { formatDuration } from "@/lib/time-entries/format-duration";
import { listTimeEntries } from "@/lib/time-entries/list-time-entries";
import { formatWorkshopTime, toLocalInput } from "@/lib/time-entries/workshop-time";
import { readQuery, type QueryParams } from "@/lib/http/query-params";

export const metadata: Metadata = { title: "Technician time" };

const shift = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

export default async function TimeEntriesPage({ params, searchParams }: { params: Promise<{ orgSlug: string }>; searchParams: Promise<QueryParams> }) {
  const { orgSlug } = await params;
  const ctx = await requirePermission(orgSlug, "timeEntry.manage");
  const list = await listTimeEntries(ctx, { day: (await readQuery(searchParams, "day")).day }).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "VALIDATION_FAILED") notFound();
    throw error;
  });
  const now = list.now.getTime();
  const onNow = list.entries.filter((entry) => entry.endedAt === null);
  const day = list.entries.filter((entry) => entry.endedAt !== null);

  return (
    <div className="mx-auto flex max-w-3xl flex-col gap-5">
      <h1 className="text-2xl font-semibold">Technician time</h1>
      <form method="get" className="flex flex-wrap items-end gap-3" aria-label="Choose a day">
        <TextField label="Day" name="day" type="date" defaultValue={list.day} />
        <button type="submit" className={buttonClass("secondary")}>Show</button>
        <nav aria-label="Other days" className="flex gap-3 text-sm">
          <Link className="text-blue-700 underline" href={`/${orgSlug}/time-entries?day=${shift(list.day, -1)}`}>Previous day</Link>
          <Link className="text-blue-700 underline" href={`/${orgSlug}/time-entries?day=${shift(list.day, 1)}`}>Next day</Link>
        </nav>
      </form>

      <section aria-labelledby="on-now" className="flex flex-col gap-3">
        <h2 id="on-now" className="text-lg font-semibold">Clocked on now ({onNow.length})</h2>
        {onNow.length === 0 ? <p className="text-slate-600">Nobody is clocked on.</p> : null}
        <ul className="flex flex-col gap-3">
          {onNow.map((entry) => (
            <Entry key={entry.id} orgSlug={orgSlug} entry={entry} timezone={list.timezone} now={now} />
          ))}
        </ul>
      </section>

      <section aria-labelledby="day-entries" className="flex flex-col gap-3">
        <h2 id="day-entries" className="text-lg font-semibold">Time on {list.day} ({day.length})</h2>
        {day.length === 0 ? <p className="text-slate-600">No time recorded on this day.</p> : null}
        <ul className="flex flex-col gap-3">
          {day.map((entry) => (
            <Entry key={entry.id} orgSlug={orgSlug} entry={entry} timezone={list.timezone} now={now} />
          ))}
        </ul>
      </section>
    </div>
  );
}

type Listed = Awaited<ReturnType<typeof listTimeEntries>>["entries"][number];

function Entry({ orgSlug, entry, timezone, now }: { orgSlug: string; entry: Listed; timezone: string; now: number }) {
  const minutes = (entry.endedAt?.getTime() ?? now) - entry.startedAt.getTime();
  return (
    <li className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid="time-entry">
      <p className="font-medium">{entry.technicianName}</p>
      <p className="text-sm">
        {entry.jobTitle} on <Link className="text-blue-700 underline" href={`/${orgSlug}/repair-orders/${entry.repairOrderId}`}>repair order {entry.repairOrderNumber}</Link>
      </p>
      <p className="text-sm text-slate-700">
        {formatWorkshopTime(entry.startedAt, timezone)} – {entry.endedAt ? formatWorkshopTime(entry.endedAt, timezone) : "now"} ({formatDuration(minutes)})
      </p>
      <div className="mt-3 flex flex-col gap-3">
        {entry.endedAt === null ? <ClockButton orgSlug={orgSlug} jobId={entry.jobId} jobTitle={entry.jobTitle} technicianName={entry.technicianName} timeEntryId={entry.id} /> : null}
        <details>
          <summary className="cursor-pointer text-sm font-medium text-blue-700">Correct this time</summary>
          <div className="mt-3">
            <CorrectEntryForm orgSlug={orgSlug} timeEntryId={entry.id} startedAt={toLocalInput(entry.startedAt, timezone)} endedAt={entry.endedAt ? toLocalInput(entry.endedAt, timezone) : ""} />
          </div>
        </details>
      </div>
    </li>
  );
}
