const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;

export interface DatabaseRefusal {
  /** the SQLSTATE: 22xxx (a value the column cannot hold) or 23xxx (a constraint refused it) */
  sqlState: string;
  /** the constraint's name, when the message gives one */
  constraint: string | null;
}

/**
 * What the database refused, or null for any other error. Prisma has codes of its own for few
 * of these: through adapter-pg a model call throws a DriverAdapterError whose `cause` carries
 * the driver's `code` and message, and a raw query wraps that once more as P2010 with
 * `meta.driverAdapterError`. Only the message names the constraint. P2020 is Prisma's own
 * "value out of range" (22003).
 */
export function databaseRefusal(error: unknown): DatabaseRefusal | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && isRecord(current); depth += 1) {
    const code = typeof current.originalCode === "string" ? current.originalCode : current.code;
    const sqlState = code === "P2020" ? "22003" : code;
    if (typeof sqlState === "string" && /^2[23][0-9A-Z]{3}$/.test(sqlState)) {
      const text = [current.originalMessage, current.message].filter((m): m is string => typeof m === "string").join(" ");
      return { sqlState, constraint: /constraint "([^"]+)"/.exec(text)?.[1] ?? null };
    }
    const meta = current.meta;
    current = current.cause ?? (isRecord(meta) ? meta.driverAdapterError : undefined);
  }
  return null;
}

/** An exclusion constraint (appointment overlaps, one job at a time) refused the change: its name, or null. */
export function violatedExclusion(error: unknown): string | null {
  const refusal = databaseRefusal(error);
  return refusal?.sqlState === "23P01" ? refusal.constraint : null;
}
