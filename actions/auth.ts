"use server";

import { publicAction } from "@/lib/actions/org-action";
import { requestPasswordReset, resetPassword, ZResetPassword, ZResetRequest } from "@/lib/auth/password-reset";
import { signUpWorkshop, ZSignUp } from "@/lib/auth/sign-up";

export const signUpAction = publicAction(ZSignUp, async (input, origin) => {
  const { orgSlug } = await signUpWorkshop(input, origin);
  return { ok: true, data: { orgSlug } };
});

export const requestResetAction = publicAction(ZResetRequest, async ({ email }, origin) => {
  await requestPasswordReset(email, origin);
  return { ok: true, message: "If an account exists for that email, a reset link is on its way. It works for 30 minutes." };
});

export const resetPasswordAction = publicAction(ZResetPassword, async ({ token, password }, origin) => {
  await resetPassword(token, password, origin);
  return { ok: true, message: "Your password is changed. Sign in with the new one." };
});

