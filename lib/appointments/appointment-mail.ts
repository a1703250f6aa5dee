import type { Mail } from "@/lib/mail/send-mail";
import { formatLocalTime } from "./local-time";

// The emails a customer gets about a booking. Times are always the
// location's wall clock, named with its zone, whatever the server's zone is.

export interface BookingMailFacts {
  to: string;
  customerName: string;
  workshopName: string;
  locationName: string;
  /** the site's address, or the workshop's when the site has none */
  address: string | null;
  phone: string | null;
  timeZone: string;
  startsAt: Date;
  endsAt: Date;
  vehicle: string | null;
}

interface Place {
  addressLine1: string | null;
  city: string | null;
  postcode: string | null;
  phone: string | null;
}

/** The site's own address and phone where it has them, the workshop's otherwise. */
export function addressOf(location: Place, organization: Place): { address: string | null; phone: string | null } {
  const lines = (place: Place) => [place.addressLine1, place.city, place.postcode].filter(Boolean).join(", ");
  return { address: lines(location) || lines(organization) || null, phone: location.phone ?? organization.phone ?? null };
}

/** "Tuesday 2 March 2027, 09:00 to 10:00 (Europe/London time)". */
export function whenText(startsAt: Date, endsAt: Date, timeZone: string): string {
  // Assembled from parts: ICU versions differ on the comma after the weekday.
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone, weekday: "long", day: "numeric", month: "long", year: "numeric" }).formatToParts(startsAt);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  const day = `${part("weekday")} ${part("day")} ${part("month")} ${part("year")}`;
  return `${day}, ${formatLocalTime(startsAt, timeZone)} to ${formatLocalTime(endsAt, timeZone, startsAt)} (${timeZone} time)`;
}

function details(facts: BookingMailFacts): string[] {
  return [
    `When: ${whenText(facts.startsAt, facts.endsAt, facts.timeZone)}`,
    `Where: ${facts.workshopName}${facts.locationName !== facts.workshopName ? `, ${facts.locationName}` : ""}${facts.address ? `, ${facts.address}` : ""}`,
    ...(facts.vehicle ? [`Vehicle: ${facts.vehicle}`] : []),
  ];
}

const callUs = (facts: BookingMailFacts, why: string) => (facts.phone ? `${why} call us on ${facts.phone}.` : `${why} reply to this email.`);

export function confirmationMail(facts: BookingMailFacts): Mail {
  return {
    to: facts.to,
    subject: `Your appointment at ${facts.workshopName} is confirmed`,
    text: [
      `Hello ${facts.customerName},`,
      "",
      "Your appointment is confirmed.",
      "",
      ...details(facts),
      "",
      callUs(facts, "To change or cancel it, please"),
      "",
      facts.workshopName,
    ].join("\n"),
  };
}

export function reminderMail(facts: BookingMailFacts): Mail {
  return {
    to: facts.to,
    subject: `Reminder: your appointment at ${facts.workshopName} tomorrow`,
    text: [
      `Hello ${facts.customerName},`,
      "",
      "A reminder of your appointment tomorrow.",
      "",
      ...details(facts),
      "",
      callUs(facts, "If you cannot make it, please"),
      "",
      facts.workshopName,
    ].join("\n"),
  };
}

/** Sent when a request comes in from the booking page: it is not a booking until the workshop confirms it. */
export function requestReceivedMail(facts: BookingMailFacts): Mail {
  return {
    to: facts.to,
    subject: `We have your booking request: ${facts.workshopName}`,
    text: [
      `Hello ${facts.customerName},`,
      "",
      "Thank you. We have received your request for this appointment:",
      "",
      ...details(facts),
      "",
      "This is a request, not yet a confirmed booking. We will email you when we have confirmed it.",
      callUs(facts, "If you did not make this request, or need to change it,"),
      "",
      facts.workshopName,
    ].join("\n"),
  };
}

/** Sent when the workshop cancels a booking it had confirmed to the customer. */
export function cancellationMail(facts: BookingMailFacts): Mail {
  return {
    to: facts.to,
    subject: `Your appointment at ${facts.workshopName} is cancelled`,
    text: [
      `Hello ${facts.customerName},`,
      "",
      "Your appointment has been cancelled, so please do not bring your vehicle in at this time:",
      "",
      ...details(facts),
      "",
      callUs(facts, "To book another time, or if this is a mistake, please"),
      "",
      facts.workshopName,
    ].join("\n"),
  };
}
