import { withRequestContext } from "@/lib/log/request-context";
import { metrics } from "@/lib/observability/metrics";
import { metricsAccess } from "@/lib/observability/metrics-access";
import { requestIdOf } from "@/lib/observability/observe-request";
import { refreshQueueDepth } from "@/lib/observability/queue-depth";

export const dynamic = "force-dynamic";

/**
 * Prometheus text for a scraper holding METRICS_TOKEN. Not counted as a
 * request itself, so scrapes do not move the numbers they read.
 */
export async function GET(request: Request) {
  return withRequestContext({ requestId: requestIdOf(request) }, () => scrape(request));
}

async function scrape(request: Request): Promise<Response> {
  const access = metricsAccess(request.headers.get("authorization"));
  if (access === "disabled") return new Response("Not found", { status: 404 });
  if (access === "refused") return new Response("Unauthorized", { status: 401, headers: { "WWW-Authenticate": 'Bearer realm="metrics"' } });
  await refreshQueueDepth();
  const { registry } = metrics();
  return new Response(await registry.metrics(), { headers: { "Content-Type": registry.contentType, "Cache-Control": "no-store" } });
}
