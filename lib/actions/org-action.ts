import { revalidatePath } from "next/cache";
import type { z } from "zod";
import { failureState, fieldErrors, typedValues, type FormState } from "@/lib/forms/form-state";
import { assertWritable } from "@/lib/billing/billing-access";
import { requestMeta, requireOrgContext, type OrgContext } from "@/lib/org/context";
import { limitMemberRequest } from "@/lib/rate-limit/request-limits";
import type { RequestOrigin } from "@/lib/audit/audit-user-event";

/**
 * A Server Action for a form inside a workshop: validate -> context (the
 * membership is loaded on the server; the slug in the form is only a claim) ->
 * the lib operation, which authorizes -> revalidate. Returns form state for
 * useActionState instead of throwing.
 */
export function orgAction<S extends z.ZodType>(
  schema: S,
  operation: (ctx: OrgContext, input: z.infer<S>) => Promise<FormState | void>,
  options: { allowedWhenReadOnly?: boolean } = {},
) {
  return async (_previous: FormState, formData: FormData): Promise<FormState> => {
    const parsed = schema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) {
      return { ok: false, message: "Check the highlighted fields.", fieldErrors: fieldErrors(parsed.error), values: typedValues(formData) };
    }
    const ctx = await requireOrgContext(String(formData.get("orgSlug") ?? ""));
    try {
      // A refusal comes back as the form's message ("Too many requests. Try again in 20 seconds.").
      await limitMemberRequest(ctx);
      // A workshop read-only for non-payment changes nothing but its billing.
      if (!options.allowedWhenReadOnly) await assertWritable(ctx);
      const result = await operation(ctx, parsed.data);
      revalidatePath(`/${ctx.orgSlug}`, "layout");
      return result ?? { ok: true };
    } catch (error) {
      return failureState(error, formData);
    }
  };
}

/** A Server Action for a public form (sign-up, reset): validate -> operation, with the request's origin. */
export function publicAction<S extends z.ZodType>(
  schema: S,
  operation: (input: z.infer<S>, origin: RequestOrigin) => Promise<FormState | void>,
) {
  return async (_previous: FormState, formData: FormData): Promise<FormState> => {
    const parsed = schema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) {
      return { ok: false, message: "Check the highlighted fields.", fieldErrors: fieldErrors(parsed.error), values: typedValues(formData) };
    }
    try {
      return (await operation(parsed.data, await requestMeta())) ?? { ok: true };
    } catch (error) {
      return failureState(error, formData);
    }
  };
}
