import type { TenantTx } from "@/lib/db";
import type { Slot } from "./booking-checks";
import { formatLocalTime, parseWallClock, resolveWallClock } from "./local-time";
import { addDays, localDateTime, localToday, MINUTE_MS, openingOn, type OpeningHours } from "./opening-hours";
import { LIVE_APPOINTMENT } from "./status";

// What the public booking page offers: a slot is free when at least one bay in
// use is free for the whole of it. Appointments without a bay hold no bay, so
// they do not take a slot away (the desk books those by hand).

/** How far ahead the public page offers slots, in local days including today. */
export const BOOKING_HORIZON_DAYS = 14;

export interface BookingHours extends OpeningHours {
  bookingSlotMinutes: number;
}

export interface BusyBay {
  bayId: string | null;
  startsAt: Date;
  endsAt: Date;
}

export interface BookableSlot extends Slot {
  /** "09:00"; a time the clocks repeat says which of the two it is */
  label: string;
  /** the bays free for the whole slot, in calendar order: the request takes the first */
  freeBayIds: string[];
}

/** Every slot of a local day, each `bookingSlotMinutes` long in real time from opening; none runs past closing. */
export function slotsOfDay(date: string, hours: BookingHours): Slot[] {
  const opening = openingOn(date, hours);
  if (!opening) return [];
  const length = hours.bookingSlotMinutes * MINUTE_MS;
  const slots: Slot[] = [];
  for (let start = opening.opensAt.getTime(); start + length <= opening.closesAt.getTime(); start += length) {
    slots.push({ startsAt: new Date(start), endsAt: new Date(start + length) });
  }
  return slots;
}

function slotLabel(startsAt: Date, timeZone: string): string {
  const label = formatLocalTime(startsAt, timeZone);
  const wall = parseWallClock(localDateTime(startsAt, timeZone));
  const local = wall === null ? null : resolveWallClock(wall, timeZone);
  if (local?.kind !== "ambiguous") return label;
  return `${label} (${local.earlier.getTime() === startsAt.getTime() ? "before" : "after"} the clocks go back)`;
}

const overlaps = (busy: BusyBay, slot: Slot) => busy.startsAt.getTime() < slot.endsAt.getTime() && busy.endsAt.getTime() > slot.startsAt.getTime();

/** The day's slots that start after `now` and have a free bay. */
export function freeSlotsOfDay(date: string, hours: BookingHours, bayIds: readonly string[], busy: readonly BusyBay[], now: Date): BookableSlot[] {
  return slotsOfDay(date, hours)
    .filter((slot) => slot.startsAt.getTime() > now.getTime())
    .map((slot) => {
      const taken = new Set(busy.filter((b) => b.bayId !== null && overlaps(b, slot)).map((b) => b.bayId));
      return { ...slot, label: slotLabel(slot.startsAt, hours.timezone), freeBayIds: bayIds.filter((id) => !taken.has(id)) };
    })
    .filter((slot) => slot.freeBayIds.length > 0);
}

/** The local dates the page offers: today and the days after it, up to the horizon. */
export function bookingDates(now: Date, timeZone: string): string[] {
  const today = localToday(now, timeZone);
  return Array.from({ length: BOOKING_HORIZON_DAYS }, (_, i) => addDays(today, i));
}

export interface BookingLocation extends BookingHours {
  id: string;
}

/**
 * The free slots of each offered day at a location, from one read of its bays
 * and of the live appointments holding them. Read inside the caller's
 * transaction, so a request re-checks against what it is about to write beside.
 */
export async function loadFreeSlots(tx: TenantTx, location: BookingLocation, dates: readonly string[], now: Date) {
  const spans = dates.map((date) => ({ date, slots: slotsOfDay(date, location) }));
  const all = spans.flatMap((span) => span.slots);
  if (all.length === 0) return dates.map((date) => ({ date, slots: [] as BookableSlot[] }));
  const from = new Date(Math.min(...all.map((slot) => slot.startsAt.getTime())));
  const to = new Date(Math.max(...all.map((slot) => slot.endsAt.getTime())));
  const [bays, busy] = await Promise.all([
    tx.bay.findMany({ where: { locationId: location.id, active: true }, orderBy: [{ position: "asc" }, { name: "asc" }], select: { id: true } }),
    tx.appointment.findMany({
      where: { locationId: location.id, status: { in: [...LIVE_APPOINTMENT] }, bayId: { not: null }, startsAt: { lt: to }, endsAt: { gt: from } },
      select: { bayId: true, startsAt: true, endsAt: true },
    }),
  ]);
  const bayIds = bays.map((bay) => bay.id);
  return dates.map((date) => ({ date, slots: freeSlotsOfDay(date, location, bayIds, busy, now) }));
}
