"use server";

import { z } from "zod";
import { changePassword, confirmMfaEnrolment, disableMfa, startMfaEnrolment, ZChangePassword } from "@/lib/auth/account-security";
import { requireUser } from "@/lib/auth/session";
import { updateProfile } from "@/lib/auth/update-profile";
import { observedAction, whileDatabaseAnswers } from "@/lib/actions/org-action";
import { identifyUser } from "@/lib/log/request-context";
import { failureState, fieldErrors, typedValues, type FormState } from "@/lib/forms/form-state";
import { requestMeta } from "@/lib/org/context";
import { limitAccountRequest } from "@/lib/rate-limit/request-limits";
import type { RequestOrigin } from "@/lib/audit/audit-user-event";

/** A Server Action for the signed-in user's own account. */
function accountAction<S extends z.ZodType>(
  schema: S,
  operation: (userId: string, input: z.infer<S>, origin: RequestOrigin) => Promise<FormState | void>,
) {
  return (_previous: FormState, formData: FormData): Promise<FormState> => observedAction(() => whileDatabaseAnswers(formData, async () => {
    const parsed = schema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) {
      return { ok: false, message: "Check the highlighted fields.", fieldErrors: fieldErrors(parsed.error), values: typedValues(formData) };
    }
    const user = await requireUser();
    identifyUser(user.id);
    try {
      await limitAccountRequest(user.id);
      return (await operation(user.id, parsed.data, await requestMeta())) ?? { ok: true };
    } catch (error) {
      return failureState(error, formData);
    }
  }));
}

export const updateProfileAction = accountAction(
  z.object({ name: z.string().trim().min(1, "Enter your name.").max(100, "Use at most 100 characters.") }),
  async (userId, { name }, origin) => {
    await updateProfile(userId, name, origin);
    return { ok: true, message: "Profile saved." };
  },
);

export const changePasswordAction = accountAction(ZChangePassword, async (userId, { currentPassword, password }, origin) => {
  await changePassword(userId, currentPassword, password, origin);
  return { ok: true, message: "Password changed. Every session has ended: sign in again with the new password." };
});

export const startMfaAction = accountAction(z.object({}), async (userId) => {
  const enrolment = await startMfaEnrolment(userId);
  return { ok: true, data: { qrDataUrl: enrolment.qrDataUrl, secret: enrolment.secret } };
});

export const confirmMfaAction = accountAction(
  z.object({ code: z.string().trim().regex(/^\d{6}$/, "Enter the 6-digit code from your app.") }),
  async (userId, { code }, origin) => {
    const recoveryCodes = await confirmMfaEnrolment(userId, code, origin);
    return { ok: true, message: "Two-factor authentication is on.", data: { recoveryCodes } };
  },
);

export const disableMfaAction = accountAction(
  z.object({ currentPassword: z.string().min(1, "Enter your password.") }),
  async (userId, { currentPassword }, origin) => {
    await disableMfa(userId, currentPassword, origin);
    return { ok: true, message: "Two-factor authentication is off." };
  },
);
