import { NextResponse, type NextRequest } from "next/server";

// Runs before pages and routes: a request id, security headers (a nonce-based
// CSP among them), and a redirect to sign-in when there is no session cookie
// at all. It is an optimization, never the check: every page, action and
// route authorizes on its own, so a request that skips this (the
// x-middleware-subrequest trick, or a deployment without middleware) gains nothing.
const REQUEST_ID = /^[A-Za-z0-9-]{8,64}$/;
const PUBLIC_PATHS = [/^\/$/, /^\/sign-(in|up)$/, /^\/forgot-password$/, /^\/reset-password$/, /^\/invitations\/accept$/, /^\/estimate\/[a-z0-9-]+\/[A-Za-z0-9_-]+(\/photos\/[0-9a-f-]{36})?$/, /^\/api\//, /^\/dev\/outbox$/, /^\/book\/[a-z0-9-]+(\/received)?$/, /^\/developers\/api$/];

function contentSecurityPolicy(nonce: string) {
  const dev = process.env.NODE_ENV !== "production";
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join("; ");
}

const hasSessionCookie = (request: NextRequest) =>
  request.cookies.getAll().some((cookie) => cookie.name.includes("next-auth.session-token"));

export function middleware(request: NextRequest) {
  const incoming = request.headers.get("x-request-id");
  const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
  const { pathname, search } = request.nextUrl;

  let response: NextResponse;
  const nonce = btoa(crypto.randomUUID());
  const csp = contentSecurityPolicy(nonce);
  if (!PUBLIC_PATHS.some((pattern) => pattern.test(pathname)) && !hasSessionCookie(request)) {
    const signIn = new URL("/sign-in", request.url);
    signIn.searchParams.set("callbackUrl", `${pathname}${search}`);
    response = NextResponse.redirect(signIn);
  } else {
    const headers = new Headers(request.headers);
    headers.set("x-request-id", requestId);
    headers.set("x-nonce", nonce);
    // Next reads the nonce from the request's CSP and puts it on its own scripts.
    headers.set("Content-Security-Policy", csp);
    response = NextResponse.next({ request: { headers } });
  }
  response.headers.set("x-request-id", requestId);
  response.headers.set("Content-Security-Policy", csp);
  response.headers.set("X-Content-Type-Options", "nosniff");
  response.headers.set("X-Frame-Options", "DENY");
  response.headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
  response.headers.set("Permissions-Policy", "camera=(self), geolocation=(), microphone=()");
  if (process.env.NODE_ENV === "production") {
    response.headers.set("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
  }
  return response;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
