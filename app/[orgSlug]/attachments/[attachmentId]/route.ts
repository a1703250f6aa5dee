import { photoResponse } from "@/lib/attachments/photo-response";
import { memberPhoto } from "@/lib/attachments/read-photo";
import { errorResponse, routeOrgContext } from "@/lib/http/route-context";
import { observedRoute } from "@/lib/observability/observe-request";

export const dynamic = "force-dynamic";

/** An inspection photo for a signed-in member who may see its repair order; anyone else gets 404. */
async function get(_request: Request, { params }: { params: Promise<{ orgSlug: string; attachmentId: string }> }) {
  const { orgSlug, attachmentId } = await params;
  try {
    const ctx = await routeOrgContext(orgSlug, "inspection.read", { limit: "reads" });
    return photoResponse(await memberPhoto(ctx, attachmentId));
  } catch (error) {
    const response = errorResponse(error);
    response.headers.set("Cache-Control", "private, no-store");
    return response;
  }
}

/** Logged and counted under its route pattern, never the path with its ids. */
export const GET = observedRoute("/[orgSlug]/attachments/[attachmentId]", get);
