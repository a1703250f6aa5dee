import { z } from "zod";
import { audit } from "@/lib/audit/audit";
import { db, scopeTransaction, setTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { isReservedSlug } from "@/lib/org/reserved-slugs";
import { Prisma } from "@/lib/generated/prisma/client";
import type { RequestOrigin } from "@/lib/audit/audit-user-event";
import { hashPassword, ZPassword } from "./password";
import { consumeAttempt } from "./throttle";

export const COUNTRIES = { GB: "GBP", IE: "EUR", DE: "EUR", FR: "EUR", NL: "EUR", ES: "EUR", IT: "EUR", US: "USD", CA: "CAD", AU: "AUD", NZ: "NZD" } as const;
export const CURRENCIES = ["GBP", "EUR", "USD", "CAD", "AUD", "NZD"] as const;

const isTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

export const ZSignUp = z.object({
  name: z.string().trim().min(1, "Enter your name.").max(100, "Use at most 100 characters."),
  email: z.string().trim().toLowerCase().email("Enter a valid email address.").max(254),
  password: ZPassword,
  workshopName: z.string().trim().min(2, "Enter the workshop's name.").max(100, "Use at most 100 characters."),
  country: z.enum(Object.keys(COUNTRIES) as [keyof typeof COUNTRIES], { message: "Choose a country." }),
  currency: z.enum(CURRENCIES, { message: "Choose a currency." }),
  timezone: z.string().refine(isTimeZone, "Choose a time zone."),
});

export const TRIAL_DAYS = 14;

export type SignUpInput = z.infer<typeof ZSignUp>;

function slugify(name: string): string {
  const base = name.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 40);
  return base.length >= 2 ? base : "workshop";
}

async function freeSlug(name: string): Promise<string> {
  const base = slugify(name);
  const taken = new Set(
    (await db().organization.findMany({ where: { slug: { startsWith: base } }, select: { slug: true } })).map((o) => o.slug),
  );
  // A reserved word counts as taken: "Book" becomes book-2, never a slug a route would shadow.
  if (isReservedSlug(base)) taken.add(base);
  if (!taken.has(base)) return base;
  for (let n = 2; ; n += 1) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

const emailTaken = () =>
  new AppError("CONFLICT", "An account with this email already exists.", {
    fields: { email: "An account with this email already exists. Sign in instead." },
  });

/** Creates the owner, the workshop, its first location and the OWNER membership: all or nothing. */
export async function signUpWorkshop(input: SignUpInput, origin: RequestOrigin): Promise<{ userId: string; orgSlug: string }> {
  await consumeAttempt({ signUpIp: origin.ip ?? "unidentified" });
  if (await db().user.findUnique({ where: { email: input.email }, select: { id: true } })) throw emailTaken();
  const passwordHash = await hashPassword(input.password);
  const slug = await freeSlug(input.workshopName);
  try {
    return await db().$transaction(async (raw) => {
      const user = await raw.user.create({ data: { email: input.email, name: input.name, passwordHash } });
      const organization = await raw.organization.create({
        data: {
          slug, name: input.workshopName, country: input.country, currency: input.currency, timezone: input.timezone,
          trialEndsAt: new Date(Date.now() + TRIAL_DAYS * 24 * 60 * 60 * 1000),
        },
      });
      await setTenant(raw, organization.id);
      const tx = scopeTransaction(raw, organization.id);
      const organizationId = organization.id;
      await tx.location.create({ data: { organizationId, name: input.workshopName, timezone: input.timezone } });
      await tx.membership.create({ data: { organizationId, userId: user.id, role: "OWNER" } });
      await audit(tx, { orgId: organizationId, userId: user.id, ...origin }, "ORGANIZATION_CREATED", { type: "Organization", id: organizationId }, {
        name: input.workshopName, country: input.country, currency: input.currency, timezone: input.timezone,
      });
      return { userId: user.id, orgSlug: organization.slug };
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      // The adapter does not always name the constraint: look at what now exists instead.
      if (await db().user.findUnique({ where: { email: input.email }, select: { id: true } })) throw emailTaken();
      throw new AppError("CONFLICT", "That workshop name was just taken. Please try again.");
    }
    throw error;
  }
}
