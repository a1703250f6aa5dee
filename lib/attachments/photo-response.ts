import { AppError } from "@/lib/errors";
import { PHOTO_EXTENSION, type PhotoType } from "./photo-type";
import type { Photo } from "./read-photo";

/** A photo as its stored (sniffed) type, for this browser only: private cache, no type guessing. */
export function photoResponse(photo: Photo): Response {
  const extension = PHOTO_EXTENSION[photo.contentType as PhotoType] ?? "bin";
  return new Response(new Uint8Array(photo.bytes), {
    headers: {
      "Content-Type": photo.contentType,
      "Content-Length": String(photo.bytes.byteLength),
      "Content-Disposition": `inline; filename="photo.${extension}"`,
      // A stored photo never changes (a new one gets a new id), so the browser may keep it a while.
      "Cache-Control": "private, max-age=3600",
      ETag: `"${photo.sha256}"`,
      "X-Content-Type-Options": "nosniff",
    },
  });
}

/** Refusals carry no body worth caching or sniffing. */
export function photoErrorResponse(error: unknown): Response {
  if (!(error instanceof AppError)) throw error;
  const headers = { "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff" };
  return Response.json(error.toJSON(), { status: error.status, headers });
}
