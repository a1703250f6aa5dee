import { readiness } from "@/lib/health/readiness";
import { observeRequest, requestIdOf } from "@/lib/observability/observe-request";

export const dynamic = "force-dynamic";

/** Readiness: 200 when the database, Redis (when configured) and the job queue answer; 503 with each check's state otherwise. */
export async function GET(request: Request) {
  return observeRequest({ route: "/api/ready", method: "GET", requestId: requestIdOf(request) }, async () => {
    const { ready, checks } = await readiness();
    return Response.json({ status: ready ? "ready" : "unavailable", checks }, { status: ready ? 200 : 503, headers: { "Cache-Control": "no-store" } });
  });
}
