import { z } from "zod";

/** A record id in the path. Not checked as a UUID here: a malformed id names no row, so it is 404 like any unknown id. */
export const ZIdParams = (what: string) =>
  z.object({ id: z.string().meta({ format: "uuid", description: `The ${what}'s id.` }) }).strict();

/** A timestamp in an answer: ISO 8601 in UTC (`2026-03-01T09:30:00.000Z`). */
export const ZTimestamp = z.iso.datetime();
/** A calendar date in an answer: `2026-03-01`. */
export const ZDate = z.iso.date();

export const iso = (date: Date) => date.toISOString();
export const isoOrNull = (date: Date | null) => (date ? date.toISOString() : null);
export const isoDateOrNull = (date: Date | null) => (date ? date.toISOString().slice(0, 10) : null);

/** A query filter "changed at or after": any ISO 8601 timestamp with a zone. */
export const ZSinceQuery = z.iso.datetime({ offset: true }).transform((value) => new Date(value));

/** Optional text in a request body; null clears it on an update. */
export const optionalText = (max: number) => z.string().max(max).nullable().optional();

/** null and absent both mean "not given" to the lib schemas, which take form values. */
export const orUndefined = <T>(value: T | null | undefined): T | undefined => value ?? undefined;

export const ZUuid = (description: string) => z.uuid().meta({ description });

/**
 * A PATCH on top of the record's current values: fields not sent keep their
 * value, `null` clears one (the lib schemas read a missing value as empty).
 */
export function mergePatch<C extends object>(current: C, patch: object): C {
  const sent = Object.entries(patch).filter(([, value]) => value !== undefined).map(([key, value]) => [key, value ?? undefined]);
  return { ...current, ...Object.fromEntries(sent) } as C;
}
