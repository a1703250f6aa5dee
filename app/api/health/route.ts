import { observeRequest, requestIdOf } from "@/lib/observability/observe-request";

export const dynamic = "force-dynamic";

/**
 * Liveness: 200 while the process serves requests, whatever the database is
 * doing. An orchestrator that restarts on this must not restart every instance
 * during a database outage, which a restart cannot fix; /api/ready is the
 * check that takes an instance out of rotation.
 */
export async function GET(request: Request) {
  return observeRequest({ route: "/api/health", method: "GET", requestId: requestIdOf(request) }, async () =>
    Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } }),
  );
}
