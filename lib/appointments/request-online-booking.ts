import { z } from "zod";
import { audit, type AuditActor } from "@/lib/audit/audit";
import type { RequestOrigin } from "@/lib/audit/audit-user-event";
import { sealPersonal } from "@/lib/audit/personal-data";
import { PLANS } from "@/lib/billing/plans";
import { assertQuota, withQuotaAudit } from "@/lib/billing/quota";
import { withTenant, type TenantTx } from "@/lib/db";
import { serverEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { blankToUndefined } from "@/lib/forms/blank";
import type { Plan } from "@/lib/generated/prisma/client";
import { parseInput } from "@/lib/forms/parse-input";
import { UNIDENTIFIED } from "@/lib/http/client-ip";
import { log } from "@/lib/log/logger";
import { sendMail } from "@/lib/mail/send-mail";
import { limitPublicRequest, RateLimitedError } from "@/lib/rate-limit/request-limits";
import { addressOf, requestReceivedMail } from "./appointment-mail";
import { checkBookingFormToken } from "./booking-form-token";
import { findBookingLocation, openBookingWorkshop } from "./booking-page";
import { violatedBookingConstraint } from "./overlap";
import { bookingDates, loadFreeSlots } from "./free-slots";
import { localDate } from "./local-time";

/** Online requests one workshop takes in 24 hours: past this, a flood cannot bury the calendar or its customer list. */
export const onlineRequestsPerDay = () => serverEnv().ONLINE_BOOKING_REQUESTS_PER_DAY;

/**
 * The share of the plan's customers kept for the desk: online requests stop
 * (for known and new emails alike, so the answer reveals nothing) while fewer
 * than this many places are left, so junk requests cannot use up the quota.
 */
export const ONLINE_CUSTOMER_RESERVE = 0.05;
export const onlineCustomerReserve = (plan: Plan) => Math.ceil(PLANS[plan].customers * ONLINE_CUSTOMER_RESERVE);

/** Single-line fields end up in a plain-text email: a line break or control character could add lines the workshop never wrote. */
const ONE_LINE = /^[^\p{Cc}]+$/u;
const oneLine = "Use one line, without line breaks or control characters.";

export const ZOnlineBooking = z.object({
  locationId: z.string({ message: "Choose a location." }).max(64),
  startsAt: z.iso.datetime({ offset: true, message: "Choose one of the free times." }),
  name: z.string({ message: "Enter your name." }).trim().min(1, "Enter your name.").max(200, "Use at most 200 characters.").regex(ONE_LINE, oneLine),
  email: z.string({ message: "Enter your email address." }).trim().toLowerCase().email("Enter a valid email address: we send the confirmation there.").max(254),
  phone: z.preprocess(blankToUndefined, z.string().trim().regex(/^[+0-9 ()-]{5,30}$/, "Enter a phone number (digits, spaces, + - ( )).").optional()),
  registration: z.preprocess(blankToUndefined, z.string().trim().toUpperCase().max(16, "Use at most 16 characters.").regex(ONE_LINE, oneLine).optional()),
  concerns: z.preprocess(blankToUndefined, z.string().trim().max(2000, "Use at most 2000 characters.").optional()),
});

// Refusals the person at the form can act on; none says anything about the workshop's customers.
const notSent = () => new AppError("VALIDATION_FAILED", "We could not send your request. Please check your details and press Send request again.");
const staleForm = () => new AppError("VALIDATION_FAILED", "This page has been open a long time and its free times may have changed. Reload the page and choose a time again.");
const tooMany = () => new AppError("RATE_LIMITED", "We have had too many requests from your connection. Please wait a minute and try again, or call the workshop.");
const callUs = (phone: string | null) =>
  new AppError("RATE_LIMITED", `The workshop cannot take more requests online right now. Please ${phone ? `call them on ${phone}` : "call them"} to book.`);
const slotGone = () => {
  const message = "Sorry, that time has just been taken. Please choose another.";
  return new AppError("CONFLICT", message, { fields: { startsAt: message } });
};

const plateKey = (plate: string) => plate.replace(/\s+/g, "").toUpperCase();

/**
 * Per address; without a trusted proxy every visitor is "unidentified", and one
 * sender must not close every workshop's page. Keyed by the workshop's id, never
 * by text from the form, so made-up addresses cannot mint limiter keys.
 */
async function limitSender(organizationId: string, origin: RequestOrigin) {
  const ip = origin.ip && origin.ip !== UNIDENTIFIED ? origin.ip : `${UNIDENTIFIED}:${organizationId}`;
  try {
    await limitPublicRequest("booking", ip);
  } catch (error) {
    throw error instanceof RateLimitedError ? tooMany() : error;
  }
}

interface Booker {
  name: string;
  email: string;
  phone?: string;
  registration?: string;
}

/**
 * The workshop's customer with this email, or a new one. Both paths end the
 * same way for the person at the form; what differs (a name or phone that does
 * not match the record) is noted on the appointment for the desk, never shown.
 */
async function customerFor(tx: TenantTx, actor: AuditActor, booker: Booker) {
  const known = await tx.customer.findFirst({
    where: { email: { equals: booker.email, mode: "insensitive" } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, displayName: true, phone: true },
  });
  const plate = booker.registration;
  if (known) {
    const vehicles = plate ? await tx.vehicle.findMany({ where: { customerId: known.id, registrationKey: plateKey(plate) }, select: { id: true }, take: 1 }) : [];
    const notes = [
      booker.name.toLowerCase() !== known.displayName.toLowerCase() ? `Name given online: ${booker.name}` : null,
      booker.phone && booker.phone.replace(/\D/g, "") !== (known.phone ?? "").replace(/\D/g, "") ? `Phone given online: ${booker.phone}` : null,
      plate && vehicles.length === 0 ? `Registration given online: ${plate}` : null,
    ].filter((note): note is string => note !== null);
    return { customerId: known.id, vehicleId: vehicles[0]?.id ?? null, notes };
  }
  const customer = await tx.customer.create({
    data: { organizationId: actor.orgId, displayName: booker.name, email: booker.email, phone: booker.phone ?? null },
  });
  // The customer is the actor: no member did this. Their details stay out of the append-only log.
  await audit(tx, actor, "customer.create", { type: "Customer", id: customer.id }, { source: "ONLINE" });
  if (!plate) return { customerId: customer.id, vehicleId: null, notes: [] };
  const vehicle = await tx.vehicle.create({ data: { organizationId: actor.orgId, customerId: customer.id, registration: plate } });
  await audit(tx, actor, "vehicle.create", { type: "Vehicle", id: vehicle.id }, { customerId: customer.id, source: "ONLINE" });
  return { customerId: customer.id, vehicleId: vehicle.id, notes: [] };
}

/**
 * A request from the public booking page: checked for abuse (rate limit per
 * address, a hidden field people leave empty, a signed form time, a daily cap
 * per workshop), then the slot is checked again inside the transaction that
 * writes it, against the free bays; the exclusion constraint on the bay is the
 * final word. Arrives as REQUESTED from source ONLINE in the first free bay.
 * Any refusal changes nothing.
 */
export async function requestOnlineBooking(orgSlug: string, fields: Record<string, unknown>, origin: RequestOrigin, options: { now?: Date } = {}) {
  const now = options.now ?? new Date();
  const organization = await openBookingWorkshop(orgSlug);
  await limitSender(organization.id, origin);
  if (typeof fields.website === "string" && fields.website.trim() !== "") throw notSent();
  const token = checkBookingFormToken(fields.formToken, organization.id, now);
  if (token === "expired") throw staleForm();
  if (token !== "ok") throw notSent();
  const input = parseInput(ZOnlineBooking, fields);
  const location = await findBookingLocation(organization.id, input.locationId);
  const startsAt = new Date(input.startsAt);
  const date = localDate(startsAt, location.timezone);
  if (!bookingDates(now, location.timezone).includes(date)) throw slotGone();

  const actor: AuditActor = { orgId: organization.id, userId: null, ...origin };
  let booked;
  try {
    booked = await withQuotaAudit(actor, () =>
      withTenant(organization.id, async (tx) => {
        // One online request at a time per workshop: the daily count and the free bay are read and written without a race between requests.
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`online-booking:${organization.id}`}, 0))`;
        // Stamped by the database clock, so counted against the real one.
        const lastDay = await tx.appointment.count({ where: { source: "ONLINE", createdAt: { gte: new Date(Date.now() - 86_400_000) } } });
        if (lastDay >= onlineRequestsPerDay()) throw callUs(organization.phone);
        const [day] = await loadFreeSlots(tx, location, [date], now);
        const slot = day?.slots.find((s) => s.startsAt.getTime() === startsAt.getTime());
        if (!slot) throw slotGone();
        // Checked for known customers too, so a full workshop answers every email alike; the reserve stays the desk's.
        await assertQuota(tx, "customers", 1 + onlineCustomerReserve(organization.plan));
        // The booker is the data subject: their address and browser go into the log only sealed with their key.
        const bookerActor: AuditActor = { ...actor, ip: null, userAgent: null };
        const { customerId, vehicleId, notes } = await customerFor(tx, bookerActor, input);
        const appointment = await tx.appointment.create({
          data: {
            organizationId: organization.id, locationId: location.id, customerId, vehicleId, bayId: slot.freeBayIds[0]!,
            startsAt: slot.startsAt, endsAt: slot.endsAt, status: "REQUESTED", source: "ONLINE",
            concerns: [input.concerns, notes.join("\n")].filter(Boolean).join("\n\n") || null,
          },
        });
        await audit(tx, bookerActor, "appointment.create", { type: "Appointment", id: appointment.id }, {
          locationId: location.id, bayId: appointment.bayId, technicianUserId: null,
          startsAt: appointment.startsAt.toISOString(), endsAt: appointment.endsAt.toISOString(), status: appointment.status, source: appointment.source,
          bookerDevice: await sealPersonal(tx, customerId, { ip: origin.ip ?? null, userAgent: origin.userAgent ?? null }),
        });
        return appointment;
      }),
    );
  } catch (error) {
    if (violatedBookingConstraint(error)) throw slotGone();
    if (error instanceof AppError && (error.code === "QUOTA_EXCEEDED" || error.code === "READ_ONLY")) throw callUs(organization.phone);
    throw error;
  }

  const { address, phone } = addressOf(location, organization);
  try {
    await sendMail(requestReceivedMail({
      to: input.email, customerName: input.name, workshopName: organization.name, locationName: location.name, address, phone,
      timeZone: location.timezone, startsAt: booked.startsAt, endsAt: booked.endsAt, vehicle: input.registration ?? null,
    }));
  } catch (error) {
    // The request stands; the workshop confirms it by email later.
    log.error({ orgId: organization.id, appointmentId: booked.id, err: error }, "booking request email not sent");
  }
  return { appointmentId: booked.id };
}
