import type { NextAuthOptions } from "next-auth";
import { getServerSession } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import GoogleProvider from "next-auth/providers/google";
import { redirect } from "next/navigation";
import { cache } from "react";
import { db } from "@/lib/db";
import { appUrl, authSecret, serverEnv } from "@/lib/env";
import { clientIp } from "@/lib/http/client-ip";
import { auditUserEvent } from "@/lib/audit/audit-user-event";
import { authenticate } from "./authenticate";
import { encodeSignInError } from "./sign-in-errors";

/** The signed-in user, as re-read from the database on this request. */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  mfaEnabled: boolean;
}

const SESSION_MAX_AGE = 8 * 60 * 60; // one working day
const SESSION_UPDATE_AGE = 15 * 60; // rolling: the cookie is re-issued at most every 15 minutes

function header(headers: unknown, name: string): string | null {
  const value = (headers as Record<string, string | string[] | undefined> | undefined)?.[name];
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

/** Google states email_verified; GitHub is asked for the account's verified primary address. */
async function oauthEmailVerified(provider: string, email: string, profile: unknown, accessToken: string | undefined) {
  if (provider === "google") return (profile as { email_verified?: boolean } | undefined)?.email_verified === true;
  if (provider === "github" && accessToken) {
    const response = await fetch("https://api.github.com/user/emails", {
      headers: { Authorization: `Bearer ${accessToken}`, Accept: "application/vnd.github+json" },
    });
    if (!response.ok) return false;
    const emails = (await response.json()) as Array<{ email: string; primary: boolean; verified: boolean }>;
    return emails.some((entry) => entry.email.toLowerCase() === email && entry.primary && entry.verified);
  }
  return false;
}

function oauthProviders() {
  const env = serverEnv();
  const providers = [];
  if (env.GOOGLE_CLIENT_ID && env.GOOGLE_CLIENT_SECRET) {
    providers.push(GoogleProvider({ clientId: env.GOOGLE_CLIENT_ID, clientSecret: env.GOOGLE_CLIENT_SECRET }));
  }
  if (env.GITHUB_ID && env.GITHUB_SECRET) {
    providers.push(GitHubProvider({ clientId: env.GITHUB_ID, clientSecret: env.GITHUB_SECRET }));
  }
  return providers;
}

export function authOptions(): NextAuthOptions {
  return {
    secret: authSecret(),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE, updateAge: SESSION_UPDATE_AGE },
    jwt: { maxAge: SESSION_MAX_AGE },
    // httpOnly + SameSite=Lax always; Secure (and __Secure- names) whenever served over https.
    useSecureCookies: appUrl().startsWith("https://"),
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: {}, password: {}, code: {} },
        async authorize(credentials, req) {
          const result = await authenticate(credentials, {
            ip: clientIp(header(req?.headers, "x-forwarded-for")),
            userAgent: header(req?.headers, "user-agent")?.slice(0, 500) ?? null,
            requestId: header(req?.headers, "x-request-id"),
          });
          // next-auth hands a thrown message back to signIn() as `error`.
          if (!result.ok) throw new Error(encodeSignInError(result.failure, result.message));
          return { id: result.user.id, email: result.user.email, name: result.user.name, sessionVersion: result.user.sessionVersion };
        },
      }),
      ...oauthProviders(),
    ],
    callbacks: {
      // OAuth only signs in an existing AWMS account, matched by an email the provider has verified,
      // and never one with two-factor on (the provider cannot ask for our code).
      async signIn({ account, profile, user }) {
        if (!account || account.provider === "credentials") return true;
        const email = user.email?.toLowerCase();
        if (!email || !(await oauthEmailVerified(account.provider, email, profile, account.access_token))) return false;
        const existing = await db().user.findUnique({ where: { email } });
        if (!existing || existing.disabledAt || existing.mfaEnabledAt) return false;
        await auditUserEvent(existing.id, "LOGIN_SUCCEEDED", { userAgent: `oauth:${account.provider}` }, { via: account.provider });
        return true;
      },
      async jwt({ token, user, account }) {
        if (user && account) {
          const email = user.email?.toLowerCase() ?? "";
          const record =
            account.provider === "credentials"
              ? { id: user.id, sessionVersion: (user as { sessionVersion?: number }).sessionVersion ?? 0 }
              : await db().user.findUniqueOrThrow({ where: { email }, select: { id: true, sessionVersion: true } });
          token.sub = record.id;
          token.sv = record.sessionVersion;
          token.authTime = Date.now();
        }
        return token;
      },
      async session({ session, token }) {
        return { ...session, userId: token.sub, sv: token.sv, authTime: token.authTime };
      },
    },
  };
}

/** Reads the session cookie and checks it against the user's current session version. */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const session = (await getServerSession(authOptions())) as { userId?: string; sv?: number; authTime?: number } | null;
  if (!session?.userId || typeof session.sv !== "number") return null;
  // Rolling refresh keeps an active session alive, but never past 8 hours from signing in.
  if (typeof session.authTime !== "number" || Date.now() - session.authTime > SESSION_MAX_AGE * 1000) return null;
  const user = await db().user.findUnique({
    where: { id: session.userId },
    select: { id: true, email: true, name: true, sessionVersion: true, disabledAt: true, mfaEnabledAt: true },
  });
  if (!user || user.disabledAt || user.sessionVersion !== session.sv) return null;
  return { id: user.id, email: user.email, name: user.name, mfaEnabled: Boolean(user.mfaEnabledAt) };
});

export async function requireUser(): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect("/sign-in");
  return user;
}
