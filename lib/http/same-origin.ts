import { AppError } from "@/lib/errors";
import { serverEnv } from "@/lib/env";

/**
 * Whether a browser request comes from the app's own pages. A route handler
 * that changes data gets no Server Action origin check from Next, and its
 * session cookie rides along on a form posted from any site; a present Origin
 * must therefore be ours. Without APP_URL or NEXTAUTH_URL, the request's own
 * Host is the app's (the scheme is left out: behind a TLS proxy it is unknown).
 */
export function isSameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (origin === null) return true;
  let claimed: URL;
  try {
    claimed = new URL(origin);
  } catch {
    return false; // "null" (a sandboxed frame, a redirect) or garbage
  }
  const configured = serverEnv().APP_URL ?? process.env.NEXTAUTH_URL;
  if (configured) return claimed.origin === new URL(configured).origin;
  const host = request.headers.get("host") ?? new URL(request.url).host;
  return claimed.host === host;
}

/** 403 for a request posted from another site; nothing is read or changed. */
export function assertSameOrigin(request: Request): void {
  if (!isSameOrigin(request)) throw new AppError("FORBIDDEN", "This upload did not come from this app's pages.");
}
