import { recordAnswer } from "@/lib/alerts/error-rate";
import { AppError } from "@/lib/errors";
import type { FormState } from "@/lib/forms/form-state";
import { log } from "@/lib/log/logger";
import { withRequestContext } from "@/lib/log/request-context";
import { countError } from "./count";
import { metrics } from "./metrics";

export interface ActionLabel {
  action: string;
  requestId: string | null;
}

/** redirect() and notFound() throw to answer; they are outcomes, not failures. */
function navigationOutcome(error: unknown): string | null {
  const digest = (error as { digest?: unknown } | null)?.digest;
  if (typeof digest !== "string") return null;
  if (digest.startsWith("NEXT_REDIRECT")) return "redirect";
  if (digest.startsWith("NEXT_HTTP_ERROR_FALLBACK") || digest === "NEXT_NOT_FOUND") return "not_found";
  return null;
}

/**
 * Runs one Server Action inside its log context and records it: one log line,
 * the action counter and latency by name, errors by code, and the error rate.
 */
export async function observeAction<T = FormState>(label: ActionLabel, run: () => Promise<T>): Promise<T> {
  return withRequestContext({ requestId: label.requestId }, async () => {
    const started = performance.now();
    let outcome = "error";
    try {
      const state = await run();
      // A form's state says whether it was refused; anything else (a picker's results) is an answer.
      outcome = (state as Partial<FormState> | null)?.ok === false ? "refused" : "ok";
      return state;
    } catch (error) {
      const navigation = navigationOutcome(error);
      if (navigation) outcome = navigation;
      else if (error instanceof AppError && error.status < 500) {
        outcome = "refused";
        countError(error.code);
      } else {
        const code = error instanceof AppError ? error.code : "INTERNAL";
        countError(code);
        if (code === "INTERNAL") log.error({ event: "action_failed", action: label.action, err: error }, "Server Action failed");
      }
      throw error;
    } finally {
      const seconds = (performance.now() - started) / 1000;
      metrics().actions.inc({ action: label.action, outcome });
      metrics().actionDuration.observe({ action: label.action }, seconds);
      recordAnswer(outcome === "error");
      log.info({ event: "action", action: label.action, outcome, ms: Math.round(seconds * 1000) }, `action ${label.action} ${outcome}`);
    }
  });
}
