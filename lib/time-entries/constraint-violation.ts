const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;

/**
 * The SQLSTATE and constraint name of a database refusal, or null. Prisma has no
 * code of its own for an exclusion (23P01) or check (23514) violation: through
 * adapter-pg a model call throws a DriverAdapterError whose `cause` carries the
 * driver's `code` and message, and a raw query wraps that once more as P2010 with
 * `meta.driverAdapterError`. Only the message names the constraint.
 */
export function constraintViolation(error: unknown): { sqlState: string; constraint: string | null } | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && isRecord(current); depth += 1) {
    const sqlState = typeof current.originalCode === "string" ? current.originalCode : current.code;
    if (typeof sqlState === "string" && /^23[0-9A-Z]{3}$/.test(sqlState)) {
      const text = [current.originalMessage, current.message].filter((m): m is string => typeof m === "string").join(" ");
      return { sqlState, constraint: /constraint "([^"]+)"/.exec(text)?.[1] ?? null };
    }
    const meta = current.meta;
    current = current.cause ?? (isRecord(meta) ? meta.driverAdapterError : undefined);
  }
  return null;
}

/** The exclusion constraint that keeps a technician on one job at a time refused the change. */
export const isOneJobAtATime = (error: unknown) => {
  const violation = constraintViolation(error);
  return violation?.sqlState === "23P01" && violation.constraint === "TimeEntry_one_job_at_a_time";
};
