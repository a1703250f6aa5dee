// Counting calls for the places that refuse or fail, kept apart from the
// registry so a limiter or the sign-in code imports nothing heavier.
import { AppError } from "@/lib/errors";
import { metrics } from "./metrics";

export type RateLimitKind = "member" | "workshop" | "api" | "public" | "auth";

/** The limiter's bucket names, grouped as an operator reads them. */
export function rateLimitKindOf(bucket: string): RateLimitKind {
  if (bucket === "org") return "workshop";
  if (bucket === "api" || bucket === "api-burst") return "api";
  if (bucket.startsWith("public:")) return "public";
  return "member";
}

export function countRateLimitRejection(kind: RateLimitKind): void {
  metrics().rateLimitRejections.inc({ kind });
}

export function countQuotaRejection(resource: string): void {
  metrics().quotaRejections.inc({ resource });
}

export function countLoginFailure(reason: "credentials" | "code"): void {
  metrics().loginFailures.inc({ reason });
}

export function countError(code: string): void {
  metrics().errors.inc({ code });
}

export function countJobFailure(queue: string): void {
  metrics().jobFailures.inc({ queue });
}

/** An expected refusal (an AppError answered as a form message or JSON error), by its code. */
export function countRefusal(error: unknown): void {
  if (error instanceof AppError) countError(error.code);
}
