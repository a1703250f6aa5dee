import { AppError } from "@/lib/errors";
import { databaseRefusal } from "./database-refusal";
import { isNumericOutOfRange, numberTooLarge } from "./numeric-out-of-range";

// Values every schema lets through that Postgres cannot hold: a NUL character in text (22021) or
// in JSON such as an audit entry's details (22P05), and a date outside timestamptz's years
// (JavaScript's reach ±275760, Postgres 4713 BC to 294276 AD: 22008, 22009, 22007).
const TEXT_STATES = new Set(["22021", "22P05"]);
const DATE_STATES = new Set(["22007", "22008", "22009"]);

// A lone UTF-16 surrogate ("\ud800", which a JSON body can carry) never reaches Postgres: Prisma's
// query compiler reads the query as JSON and refuses it, with no code of its own, only this message.
const isLoneSurrogate = (error: unknown) =>
  error instanceof Error && error.name === "PrismaClientUnknownRequestError" && /JSON Error: (unexpected end of hex escape|lone (leading|trailing) surrogate)/.test(error.message);

/** The refusal to show for a typed value the database cannot store (nothing was written); null for any other error. */
export function unstorableValue(error: unknown): AppError | null {
  if (isNumericOutOfRange(error)) return numberTooLarge();
  const sqlState = databaseRefusal(error)?.sqlState ?? "";
  if (TEXT_STATES.has(sqlState)) return new AppError("VALIDATION_FAILED", "The text holds a NUL character, which cannot be saved: remove it and try again. Nothing was changed.");
  if (isLoneSurrogate(error)) return new AppError("VALIDATION_FAILED", "The text holds a character that is not valid Unicode (half of a surrogate pair), which cannot be saved. Nothing was changed.");
  if (DATE_STATES.has(sqlState)) return new AppError("VALIDATION_FAILED", "A date is outside the years the workshop's records can hold: nothing was changed.");
  return null;
}
