import Link from "next/link";
import type { listAuditEntries } from "@/lib/audit/list-audit-entries";

type Entry = Awaited<ReturnType<typeof listAuditEntries>>["entries"][number];

export const utcTime = (date: Date) => `${date.toISOString().slice(0, 19).replace("T", " ")} UTC`;

export function AuditEntryTable({ orgSlug, entries }: { orgSlug: string; entries: Entry[] }) {
  if (entries.length === 0) return <p className="text-slate-600">No entries match these filters.</p>;
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="min-w-full text-left text-sm">
        <thead className="bg-slate-50 text-slate-700">
          <tr>
            {["#", "Time (UTC)", "Actor", "Action", "Record", "IP", "Request id"].map((heading) => (
              <th key={heading} scope="col" className="whitespace-nowrap px-3 py-2 font-medium">{heading}</th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200">
          {entries.map((entry) => (
            <tr key={entry.seq} data-testid="audit-entry">
              <td className="px-3 py-2">
                <Link className="text-blue-700 underline" href={`/${orgSlug}/settings/audit-log/${entry.seq}`} aria-label={`Open entry ${entry.seq}`}>{entry.seq}</Link>
              </td>
              <td className="whitespace-nowrap px-3 py-2">{utcTime(entry.createdAt)}</td>
              <td className="px-3 py-2">{entry.actor.name}</td>
              <td className="px-3 py-2 font-mono text-xs">{entry.action}</td>
              <td className="px-3 py-2">{entry.targetType ? <>{entry.targetType} <span className="break-all font-mono text-xs text-slate-600">{entry.targetId}</span></> : "—"}</td>
              <td className="px-3 py-2 font-mono text-xs">{entry.ip ?? "—"}</td>
              <td className="break-all px-3 py-2 font-mono text-xs">{entry.requestId ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
