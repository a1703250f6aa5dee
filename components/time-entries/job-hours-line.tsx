import { formatQuantity } from "@/lib/money/format-money";
import type { JobHours } from "@/lib/time-entries/job-hours";
import { formatDuration } from "@/lib/time-entries/format-duration";

/** Under a job on the repair order: technicians' logged time against the labour hours it bills. */
export function JobHoursLine({ hours, billable, testId }: { hours: JobHours | undefined; billable: boolean; testId: string }) {
  const logged = hours?.loggedMs ?? 0;
  const billed = hours?.billedMilli ?? 0;
  if (logged === 0 && billed === 0) return null;
  return (
    <p className="mb-3 text-sm text-slate-700" data-testid={testId}>
      Logged {formatDuration(logged)}
      {billable ? ` · billed ${formatQuantity(billed)} h` : ""}
      {hours && hours.onNow > 0 ? ` · ${hours.onNow === 1 ? "a technician is" : `${hours.onNow} technicians are`} on it now` : ""}
    </p>
  );
}
