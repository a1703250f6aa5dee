import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/session";
import { observedRoute } from "@/lib/observability/observe-request";

export const dynamic = "force-dynamic";

type Handler = (request: Request, context: { params: Promise<{ nextauth: string[] }> }) => Promise<Response>;

// Options are built per request so a missing secret fails the request, not the build.
const handler: Handler = (request, context) => (NextAuth(authOptions()) as unknown as Handler)(request, context);

// Sign-ins and sign-outs are counted and logged like every other route.
const observed = observedRoute("/api/auth/[...nextauth]", handler);

export { observed as GET, observed as POST };
