import type { z } from "zod";
import { unstorableValue } from "@/lib/db/unstorable-value";
import { AppError, type AppErrorCode } from "@/lib/errors";

/** What a form's Server Action returns to useActionState: field errors, a message, and what the user typed. */
export interface FormState {
  ok?: boolean;
  /** why it failed, as the API would say it (NOT_FOUND, FORBIDDEN…): tests and scripts read it, users read the message */
  code?: AppErrorCode;
  message?: string;
  fieldErrors?: Record<string, string>;
  values?: Record<string, string>;
  /** anything the page shows once on success (e.g. recovery codes) */
  data?: Record<string, unknown>;
}

const SECRET_FIELDS = /password|code|token/i;

/** Echoes the typed values back (never passwords, codes or tokens) so a failed form keeps them. */
export function typedValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value === "string" && !key.startsWith("$") && !SECRET_FIELDS.test(key)) values[key] = value;
  }
  return values;
}

export function fieldErrors(error: z.ZodError): Record<string, string> {
  // A Map, not `errors[key] ??= …`: a field named `__proto__` would set the object's prototype and lose its message.
  const errors = new Map<string, string>();
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    if (!errors.has(key)) errors.set(key, issue.message);
  }
  return Object.fromEntries(errors);
}

/** Turns an expected failure into form state; anything unexpected is rethrown (a 500, logged). */
export function failureState(caught: unknown, formData: FormData): FormState {
  const error = unstorableValue(caught) ?? caught;
  if (error instanceof AppError) {
    return { ok: false, code: error.code, message: error.message, fieldErrors: error.fields, values: typedValues(formData) };
  }
  throw error;
}
