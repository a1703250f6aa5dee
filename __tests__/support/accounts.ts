import { signUpWorkshop } from "@/lib/auth/sign-up";
import { db } from "@/lib/db";
import { reloadServerEnv } from "@/lib/env";
import type { Role } from "@/lib/generated/prisma/client";
import { acceptInvitation } from "@/lib/members/accept-invitation";
import { inviteMember } from "@/lib/members/invitations";
import { loadOrgContext, type OrgContext } from "@/lib/org/context";

let counter = 0;
export const uniqueEmail = (label: string) => `${label}-${Date.now().toString(36)}-${(counter += 1)}@example.test`;
export const origin = (ip = "198.51.100.7") => ({ ip, userAgent: "jest", requestId: `req-${counter}` });
/** A fresh address per sign-up, so the per-IP sign-up limit does not pace the tests. */
export const freshIp = () => `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${(counter += 1) % 250}`;
export const PASSWORD = "correct horse battery";

export async function signUp(label: string) {
  const email = uniqueEmail(label);
  const result = await signUpWorkshop(
    { name: `Owner ${label}`, email, password: PASSWORD, workshopName: `Workshop ${label}`, country: "GB", currency: "GBP", timezone: "Europe/London" },
    origin(freshIp()),
  );
  return { ...result, email };
}

export async function contextFor(userId: string, orgSlug: string): Promise<OrgContext> {
  const ctx = await loadOrgContext(userId, orgSlug, { ip: "198.51.100.7", userAgent: "jest", requestId: "test" });
  if (!ctx) throw new Error(`${userId} is not a member of ${orgSlug}`);
  return ctx;
}

/** The newest message in the dev outbox for an address. */
export async function lastMailTo(to: string) {
  return db().outboxEmail.findFirst({ where: { to }, orderBy: { createdAt: "desc" } });
}

export function linkIn(text: string | undefined): URL {
  const match = text?.match(/https?:\/\/\S+/);
  if (!match) throw new Error("no link in the email");
  return new URL(match[0]);
}

/** Forgets rate-limit state and connections between scenarios that change REDIS_URL. */
export async function resetLimiters() {
  const cache = globalThis as unknown as {
    awmsRedis?: { disconnect(): void } | null; awmsAuthLimiters?: unknown; awmsLimiters?: unknown; awmsLimiterStoreDown?: boolean;
  };
  cache.awmsRedis?.disconnect();
  delete cache.awmsRedis;
  delete cache.awmsAuthLimiters;
  delete cache.awmsLimiters;
  delete cache.awmsLimiterStoreDown;
  reloadServerEnv();
}

/** A new member of the owner's workshop with the role, through the real invitation and acceptance. */
export async function joinWorkshop(owner: OrgContext, role: Role, label: string): Promise<OrgContext> {
  const email = uniqueEmail(label);
  await inviteMember(owner, { email, role });
  const link = linkIn((await lastMailTo(email))?.text);
  const { userId } = await acceptInvitation(
    link.searchParams.get("org")!, link.searchParams.get("token")!, { newAccount: { name: label, password: PASSWORD, confirm: PASSWORD } }, origin(),
  );
  return contextFor(userId, owner.orgSlug);
}
