import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import type { z } from "zod";
import { failureState, fieldErrors, typedValues, type FormState } from "@/lib/forms/form-state";
import { assertWritable } from "@/lib/billing/billing-access";
import { isDatabaseUnavailable } from "@/lib/db/database-unavailable";
import { AppError } from "@/lib/errors";
import { identifyRequest } from "@/lib/log/request-context";
import { actionNameOf } from "@/lib/observability/action-name";
import { countRefusal } from "@/lib/observability/count";
import { observeAction } from "@/lib/observability/observe-action";
import { requestMeta, requireOrgContext, type OrgContext } from "@/lib/org/context";
import { limitMemberRequest } from "@/lib/rate-limit/request-limits";
import type { RequestOrigin } from "@/lib/audit/audit-user-event";

/** Each action runs observed: its log lines carry the request id, workshop and user; it is counted and timed by name. */
export async function observedAction<T = FormState>(run: () => Promise<T>): Promise<T> {
  const h = await headers();
  return observeAction({ action: actionNameOf(h.get("next-action")), requestId: h.get("x-request-id") }, run);
}

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
  return (_previous: FormState, formData: FormData): Promise<FormState> => observedAction(() => whileDatabaseAnswers(formData, async () => {
    const parsed = schema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) {
      return { ok: false, message: "Check the highlighted fields.", fieldErrors: fieldErrors(parsed.error), values: typedValues(formData) };
    }
    const ctx = await requireOrgContext(String(formData.get("orgSlug") ?? ""));
    identifyRequest(ctx.orgId, ctx.userId);
    try {
      // A refusal comes back as the form's message ("Too many requests. Try again in 20 seconds.").
      await limitMemberRequest(ctx);
      // A workshop read-only for non-payment changes nothing but its billing.
      if (!options.allowedWhenReadOnly) await assertWritable(ctx);
      const result = await operation(ctx, parsed.data);
      revalidatePath(`/${ctx.orgSlug}`, "layout");
      return result ?? { ok: true };
    } catch (error) {
      countRefusal(error);
      return failureState(error, formData);
    }
  }));
}

/** A Server Action for a public form (sign-up, reset): validate -> operation, with the request's origin. */
export function publicAction<S extends z.ZodType>(
  schema: S,
  operation: (input: z.infer<S>, origin: RequestOrigin) => Promise<FormState | void>,
) {
  return (_previous: FormState, formData: FormData): Promise<FormState> => observedAction(() => whileDatabaseAnswers(formData, async () => {
    const parsed = schema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) {
      return { ok: false, message: "Check the highlighted fields.", fieldErrors: fieldErrors(parsed.error), values: typedValues(formData) };
    }
    try {
      return (await operation(parsed.data, await requestMeta())) ?? { ok: true };
    } catch (error) {
      countRefusal(error);
      return failureState(error, formData);
    }
  }));
}

/**
 * A database restart or failover (the session check included) answers the form with a message it
 * can show and keeps what was typed, as the API answers 503, instead of failing the whole request.
 * Not "nothing was saved": a crash between COMMIT and its answer leaves the write done but unconfirmed.
 */
export async function whileDatabaseAnswers(formData: FormData, run: () => Promise<FormState>): Promise<FormState> {
  try {
    return await run();
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    return {
      ok: false,
      code: "SERVICE_UNAVAILABLE",
      message: "AWMS cannot reach its database right now. Try again in a few seconds; what you sent just as it went down may have been saved, so check before sending it again.",
      values: typedValues(formData),
    };
  }
}

/** An action argument as text: a client may send any value, and String() of some objects throws. */
const textOf = (value: unknown) => (typeof value === "string" ? value : "");

/**
 * A customer picker's query as the member types (not a form: it changes nothing, so it
 * revalidates nothing; it is counted like one). The workshop comes from the session, the query is
 * cut to 100 characters and made well-formed (the cut may halve an emoji, and a lone surrogate,
 * which a JSON argument can carry, makes Prisma throw); a refusal answers no matches.
 */
export function orgSearch<T>(orgSlug: string, q: string, find: (ctx: OrgContext, q: string) => Promise<T[]>): Promise<T[]> {
  return observedAction(async () => {
    const ctx = await requireOrgContext(textOf(orgSlug));
    identifyRequest(ctx.orgId, ctx.userId);
    try {
      await limitMemberRequest(ctx);
      return await find(ctx, textOf(q).slice(0, 100).toWellFormed());
    } catch (error) {
      countRefusal(error);
      if (error instanceof AppError) return [];
      throw error;
    }
  });
}
