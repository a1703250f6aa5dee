import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * What a customer picker (booking form, export form) matches: part of the name,
 * email, phone or a car's plate. Null when the term is too short to search.
 */
export function customerPickerWhere(q: string): Prisma.CustomerWhereInput | null {
  const term = q.trim().slice(0, 100);
  if (term.length < 2) return null;
  const contains = { contains: term, mode: "insensitive" } as const;
  const plate = term.replace(/\s+/g, "").toUpperCase();
  return { OR: [{ displayName: contains }, { email: contains }, { phone: contains }, { vehicles: { some: { registrationKey: { contains: plate } } } }] };
}

/** A picker shows a handful, alphabetically. */
export const PICKER_ORDER = [{ displayName: "asc" }, { id: "asc" }] as const satisfies Prisma.CustomerOrderByWithRelationInput[];
export const PICKER_SIZE = 8;
