import type { z } from "zod";
import { AppError } from "@/lib/errors";
import { fieldErrors } from "./form-state";

/**
 * Lib operations parse their input again, whoever called them (an action, an
 * API route, a script): bad input is a VALIDATION_FAILED with field messages.
 */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new AppError("VALIDATION_FAILED", "Check the highlighted fields.", { fields: fieldErrors(parsed.error) });
  return parsed.data;
}
