import { AppError } from "@/lib/errors";
import { databaseRefusal } from "./database-refusal";

/**
 * Whether the database refused a number too large for its column (SQLSTATE 22003). The forms
 * bound every number, but a sum of valid inputs can still exceed a 4-byte column; that is the
 * user's input, not our failure.
 */
export const isNumericOutOfRange = (error: unknown): boolean => databaseRefusal(error)?.sqlState === "22003";

/** The refusal a user sees for such a number: nothing was changed. */
export const numberTooLarge = () => new AppError("VALIDATION_FAILED", "A number is too large for the workshop's records: nothing was changed.");
