import { photoErrorResponse, photoResponse } from "@/lib/attachments/photo-response";
import { customerPhoto } from "@/lib/attachments/read-photo";
import { clientIp } from "@/lib/http/client-ip";
import { observedRoute } from "@/lib/observability/observe-request";

export const dynamic = "force-dynamic";

/** A photo of the customer's car for the holder of a valid estimate link; 404 for anything else. */
async function get(request: Request, { params }: { params: Promise<{ orgSlug: string; token: string; attachmentId: string }> }) {
  const { orgSlug, token, attachmentId } = await params;
  const origin = {
    ip: clientIp(request.headers.get("x-forwarded-for")),
    userAgent: request.headers.get("user-agent")?.slice(0, 500) ?? null,
    requestId: request.headers.get("x-request-id"),
  };
  try {
    return photoResponse(await customerPhoto(orgSlug, token, attachmentId, origin));
  } catch (error) {
    return photoErrorResponse(error);
  }
}

/** Logged and counted under its route pattern, never the path with its ids. */
export const GET = observedRoute("/estimate/[orgSlug]/[token]/photos/[attachmentId]", get);
