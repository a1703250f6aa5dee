import { AppError } from "@/lib/errors";
import { photoTooLarge } from "./add-inspection-photo";

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
  if (Number(request.headers.get("content-length") ?? 0) > cap) throw photoTooLarge(maxBytes);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body?.getReader();
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > cap) {
      await reader.cancel();
      throw photoTooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const form = await new Response(Buffer.concat(chunks), { headers: { "content-type": contentType } }).formData().catch(() => {
    throw new AppError("VALIDATION_FAILED", "The upload was not a readable form.");
  });
  const file = form.get("photo");
  if (!(file instanceof File)) throw new AppError("VALIDATION_FAILED", "Choose a photo.", { fields: { photo: "Choose a photo." } });
  return { inspectionItemId: String(form.get("inspectionItemId") ?? ""), file };
}
