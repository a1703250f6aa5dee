"use server";

import { z } from "zod";
import { publicAction } from "@/lib/actions/org-action";
import { getSessionUser } from "@/lib/auth/session";
import { acceptInvitation, ZAcceptWithNewAccount } from "@/lib/members/accept-invitation";

const ZLink = z.object({ org: z.string().min(1).max(64), token: z.string().min(20).max(200) });

/** Accept as the signed-in user (whose email must be the invited one). */
export const acceptAsSignedInAction = publicAction(ZLink, async ({ org, token }, origin) => {
  const user = await getSessionUser();
  if (!user) return { ok: false, message: "Sign in first." };
  const accepted = await acceptInvitation(org, token, { userId: user.id }, origin);
  return { ok: true, data: { orgSlug: accepted.orgSlug } };
});

/** Accept by creating the account for the invited email. */
export const acceptWithNewAccountAction = publicAction(
  z.intersection(ZLink, ZAcceptWithNewAccount),
  async ({ org, token, name, password, confirm }, origin) => {
    const accepted = await acceptInvitation(org, token, { newAccount: { name, password, confirm } }, origin);
    return { ok: true, data: { orgSlug: accepted.orgSlug, email: accepted.email } };
  },
);
