import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

type Handler = (request: Request, context: { params: Promise<{ nextauth: string[] }> }) => Promise<Response>;

// Options are built per request so a missing secret fails the request, not the build.
const handler: Handler = (request, context) => (NextAuth(authOptions()) as unknown as Handler)(request, context);

export { handler as GET, handler as POST };
