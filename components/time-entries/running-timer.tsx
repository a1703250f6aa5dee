"use client";

import { useEffect, useState } from "react";
import { formatClock } from "@/lib/time-entries/format-duration";

/**
 * The time since clocking on, ticking each second. The first render uses the
 * server's clock, so the page reads right before (and without) JavaScript; it
 * is not a live region, so a screen reader is not told every second.
 */
export function RunningTimer({ since, serverNow }: { since: string; serverNow: string }) {
  const started = Date.parse(since);
  const [now, setNow] = useState(() => Date.parse(serverNow));
  useEffect(() => {
    const tick = () => setNow(Date.now());
    tick();
    const timer = window.setInterval(tick, 1000);
    return () => window.clearInterval(timer);
  }, []);
  return (
    <time dateTime={since} className="font-mono text-3xl font-semibold tabular-nums" data-testid="running-timer">
      {formatClock(now - started)}
    </time>
  );
}
