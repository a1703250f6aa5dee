import { addInspectionPhoto } from "@/lib/attachments/add-inspection-photo";
import { readPhotoForm } from "@/lib/attachments/photo-form";
import { assertWritable } from "@/lib/billing/billing-access";
import { serverEnv } from "@/lib/env";
import { errorResponse, routeOrgContext } from "@/lib/http/route-context";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { observedRoute } from "@/lib/observability/observe-request";

export const dynamic = "force-dynamic";

// Photos arrive here as multipart rather than through a Server Action: actions keep
// Next's 1 MB body limit everywhere else, and only this route reads up to the photo limit.
async function post(request: Request, { params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  try {
    assertSameOrigin(request);
    const ctx = await routeOrgContext(orgSlug, "inspection.update");
    await assertWritable(ctx);
    const { inspectionItemId, file } = await readPhotoForm(request, serverEnv().ATTACHMENT_MAX_BYTES);
    const attachment = await addInspectionPhoto(ctx, { inspectionItemId, bytes: new Uint8Array(await file.arrayBuffer()), originalName: file.name });
    return Response.json({ id: attachment.id, contentType: attachment.contentType, byteSize: attachment.byteSize }, { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}

/** Logged and counted under its route pattern, never the path with its ids. */
export const POST = observedRoute("/[orgSlug]/attachments", post);
