"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

interface Progress {
  status: string;
  done: number;
  total: number;
}

const POLL_MS = 2_000;

/** A running export's progress bar: asks every 2 s, and reloads the page (for the download button) once it has settled. */
export function ExportProgress({ orgSlug, requestId, initial }: { orgSlug: string; requestId: string; initial: Progress }) {
  const router = useRouter();
  const [progress, setProgress] = useState(initial);
  useEffect(() => {
    let stopped = false;
    const timer = window.setInterval(async () => {
      try {
        const response = await fetch(`/${orgSlug}/settings/privacy/exports/${requestId}/progress`, { cache: "no-store" });
        if (!response.ok || stopped) return;
        const next = (await response.json()) as Progress;
        setProgress(next);
        if (next.status !== "QUEUED" && next.status !== "RUNNING") {
          stopped = true;
          window.clearInterval(timer);
          router.refresh();
        }
      } catch {
        // A missed poll is tried again on the next tick.
      }
    }, POLL_MS);
    return () => {
      stopped = true;
      window.clearInterval(timer);
    };
  }, [orgSlug, requestId, router]);
  const percent = progress.total > 0 ? Math.min(100, Math.floor((progress.done / progress.total) * 100)) : 0;
  return (
    <div className="flex min-w-40 flex-col gap-1">
      <progress className="h-2 w-full" max={100} value={progress.status === "QUEUED" ? undefined : percent} aria-label="Export progress">{percent}%</progress>
      <span className="text-xs text-slate-600" data-testid="export-progress">
        {progress.status === "QUEUED" ? "Waiting to start…" : `${percent}% · ${progress.done.toLocaleString("en-GB")} of ${progress.total.toLocaleString("en-GB")} records`}
      </span>
    </div>
  );
}
