// Next calls register() once per server process, before it serves requests.
export async function register() {
  // Background job workers need Node (pg, timers); the edge runtime has neither.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startServerJobWorkers } = await import("@/lib/jobs/server-workers");
    await startServerJobWorkers();
  }
}
