import { AppError } from "@/lib/errors";
import { photoTooLarge } from "./add-inspection-photo";
import { readCappedBody } from "@/lib/http/read-capped-body";

/** Room for the multipart boundaries and the item id around the photo itself (next.config.ts sizes Next's body buffer with it). */
const FORM_OVERHEAD = 64 * 1024;

/**
 * The upload form's fields, reading at most the photo limit plus a little:
 * a huge body is refused as it arrives, not after it has filled the memory.
 */
export async function readPhotoForm(request: Request, maxBytes: number): Promise<{ inspectionItemId: string; file: File }> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.startsWith("multipart/form-data")) throw new AppError("VALIDATION_FAILED", "Send the photo as a form upload.");
  const cap = maxBytes + FORM_OVERHEAD;
  const body = await readCappedBody(request, cap, () => photoTooLarge(maxBytes));
  const form = await new Response(new Uint8Array(body), { headers: { "content-type": contentType } }).formData().catch(() => {
    throw new AppError("VALIDATION_FAILED", "The upload was not a readable form.");
  });
  const file = form.get("photo");
  if (!(file instanceof File)) throw new AppError("VALIDATION_FAILED", "Choose a photo.", { fields: { photo: "Choose a photo." } });
  return { inspectionItemId: String(form.get("inspectionItemId") ?? ""), file };
}
