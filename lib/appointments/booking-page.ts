import { billingAccess } from "@/lib/billing/billing-access";
import { PLANS } from "@/lib/billing/plans";
import { db, withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Organization } from "@/lib/generated/prisma/client";
import { isUuid } from "@/lib/ids";
import { addressOf } from "./appointment-mail";
import { issueBookingFormToken } from "./booking-form-token";
import { bookingDates, loadFreeSlots } from "./free-slots";

// The public booking page (/book/<workshop>): no session, no member. Every read
// of the workshop's data runs under its row-level security like any other.

const SLUG = /^[a-z0-9-]{1,64}$/;

/** One answer for every workshop that does not take requests online, so the page reveals nothing about why. */
export const bookingNotFound = () => new AppError("NOT_FOUND", "This booking page was not found.");

/** Online booking is open when the workshop switched it on, its plan includes it, and it is not read-only for non-payment. */
export function takesOnlineBookings(organization: Organization, now: Date = new Date()): boolean {
  return organization.onlineBookingEnabled && PLANS[organization.plan].features.onlineBooking && !billingAccess(organization, now).readOnly;
}

export async function openBookingWorkshop(orgSlug: string): Promise<Organization> {
  const organization = SLUG.test(orgSlug) ? await db().organization.findUnique({ where: { slug: orgSlug } }) : null;
  if (!organization || !takesOnlineBookings(organization)) throw bookingNotFound();
  return organization;
}

const LOCATION_FIELDS = {
  id: true, name: true, timezone: true, addressLine1: true, city: true, postcode: true, phone: true,
  opensAtMinute: true, closesAtMinute: true, openWeekdays: true, bookingSlotMinutes: true,
} as const;

/** A location of the workshop by id; another workshop's, or a malformed id, is "not found". */
export async function findBookingLocation(orgId: string, locationId: string) {
  const location = isUuid(locationId)
    ? await withTenant(orgId, (tx) => tx.location.findFirst({ where: { id: locationId }, select: LOCATION_FIELDS }))
    : null;
  if (!location) throw new AppError("NOT_FOUND", "That location was not found.", { fields: { locationId: "Choose one of the workshop's locations." } });
  return location;
}

const dayLabel = (date: string) =>
  new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", weekday: "short", day: "numeric", month: "short" }).format(new Date(`${date}T12:00:00Z`));

/**
 * What the page shows: the workshop, its locations, the offered days with how
 * many times are free on each, and the chosen day's free times. Only times
 * and counts: nothing about who booked what.
 */
export async function loadBookingPage(orgSlug: string, query: { location?: string; day?: string }, now: Date = new Date()) {
  const organization = await openBookingWorkshop(orgSlug);
  const locations = await withTenant(organization.id, (tx) => tx.location.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: LOCATION_FIELDS }));
  const workshop = { name: organization.name, phone: organization.phone };
  const choices = locations.map((location) => ({ id: location.id, name: location.name, address: addressOf(location, organization).address }));
  const only = locations.length === 1 ? locations[0] : undefined;
  const location = query.location ? await findBookingLocation(organization.id, query.location) : only;
  if (!location) return { workshop, locations: choices, location: null, days: [], day: null, slots: [], formToken: null };

  const dates = bookingDates(now, location.timezone);
  const free = await withTenant(organization.id, (tx) => loadFreeSlots(tx, location, dates, now));
  const days = free.map(({ date, slots }) => ({ date, label: dayLabel(date), free: slots.length }));
  const day = free.find((d) => d.date === query.day && d.slots.length > 0) ?? free.find((d) => d.slots.length > 0) ?? null;
  return {
    workshop,
    locations: choices,
    location: { id: location.id, name: location.name, timezone: location.timezone, ...addressOf(location, organization), slotMinutes: location.bookingSlotMinutes },
    days,
    day: day?.date ?? null,
    slots: (day?.slots ?? []).map((slot) => ({ value: slot.startsAt.toISOString(), label: slot.label })),
    formToken: issueBookingFormToken(organization.id, now),
  };
}

export type BookingPage = Awaited<ReturnType<typeof loadBookingPage>>;
