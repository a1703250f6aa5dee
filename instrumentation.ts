import type { Instrumentation } from "next";

// Next calls register() once per server process, before it serves requests.
export async function register() {
  // Background job workers need Node (pg, timers); the edge runtime has neither.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    // Said at start, not at the first request: without REDIS_URL each instance keeps its own limits.
    const { warnIfLimitsAreLocal } = await import("@/lib/rate-limit/limiter");
    warnIfLimitsAreLocal();
    const { startServerJobWorkers } = await import("@/lib/jobs/server-workers");
    await startServerJobWorkers();
  }
}

/** Next reports errors of every request here; pages are counted and logged (routes and actions count themselves). */
export const onRequestError: Instrumentation.onRequestError = async (error, request, context) => {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { reportRenderError } = await import("@/lib/observability/render-error");
  reportRenderError(error, request, context);
};
