import { AppError } from "@/lib/errors";

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;

/**
 * Whether the database refused a number too large for its column (SQLSTATE
 * 22003, which Prisma reports as P2020 or passes through from adapter-pg in a
 * `cause`). The forms bound every number, but a sum of valid inputs can still
 * exceed a 4-byte column; that is the user's input, not our failure.
 */
export function isNumericOutOfRange(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && isRecord(current); depth += 1) {
    if (current.code === "P2020" || current.code === "22003" || current.originalCode === "22003") return true;
    const meta = current.meta;
    current = current.cause ?? (isRecord(meta) ? meta.driverAdapterError : undefined);
  }
  return false;
}

/** The refusal a user sees for such a number: nothing was changed. */
export const numberTooLarge = () => new AppError("VALIDATION_FAILED", "A number is too large for the workshop's records: nothing was changed.");
