// When a vehicle's service and inspection fall due. Pure: days in, days out.
import type { ServiceReminderKind } from "@/lib/generated/prisma/client";
import type { Day } from "./calendar-day";

export const REMINDER_RULES = {
  /** the daily job reminds this many days before a service falls due */
  serviceLeadDays: 30,
  /** ... and before an inspection (MOT) falls due */
  inspectionLeadDays: 30,
  /** it also reminds of anything that fell due this recently and was never reminded (a late entry, an outage) */
  catchUpDays: 14,
  /** with fewer than two readings to go by: 1,000 a month (the workshop's unit, miles or km), i.e. 12,000 a year */
  defaultDistancePerYear: 12_000,
  /**
   * A mileage estimate moves as new readings come in; a reminder already recorded for the same
   * vehicle and kind with a due date this close is the same service, not a new one.
   */
  sameDueWithinDays: 60,
} as const;

export interface OdometerReading {
  day: Day;
  odometer: number;
}

export interface MileageEstimate {
  day: Day;
  /** "history": the rate between the first and latest readings; "default": 1,000 a month */
  basis: "history" | "default";
}

/**
 * The day the odometer reaches `target`: from the latest reading, at the rate
 * between the first and the latest reading, or at the default rate when there
 * are not two readings on different days with distance between them. Rounded
 * up to a whole day. Null without any reading.
 */
export function estimateDayReached(readings: readonly OdometerReading[], target: number): MileageEstimate | null {
  if (readings.length === 0) return null;
  const sorted = [...readings].sort((a, b) => a.day - b.day || a.odometer - b.odometer);
  const reached = sorted.find((reading) => reading.odometer >= target);
  const first = sorted[0]!;
  const latest = sorted[sorted.length - 1]!;
  const hasHistory = latest.day > first.day && latest.odometer > first.odometer;
  const basis = hasHistory ? "history" : "default";
  if (reached) return { day: reached.day, basis };
  const remaining = target - latest.odometer;
  // days = remaining / (distance per day), kept in integers: no float drift in the rounding.
  const [distance, days] = hasHistory ? [latest.odometer - first.odometer, latest.day - first.day] : [REMINDER_RULES.defaultDistancePerYear, 365];
  return { day: latest.day + Math.ceil((remaining * days) / distance), basis };
}

export interface VehicleDueFields {
  nextServiceDue: Day | null;
  nextServiceOdometer: number | null;
  inspectionDue: Day | null;
}

export interface DueItem {
  kind: ServiceReminderKind;
  day: Day;
  /** a service falls due by date or by mileage, whichever comes first; an inspection by date */
  by: "date" | "mileage";
  /** set when due by mileage */
  odometer?: number;
  basis?: MileageEstimate["basis"];
}

/** The service (by date or mileage, whichever first; a tie counts as by date) and the inspection, when known. */
export function dueItems(vehicle: VehicleDueFields, readings: readonly OdometerReading[]): DueItem[] {
  const items: DueItem[] = [];
  const byMileage = vehicle.nextServiceOdometer === null ? null : estimateDayReached(readings, vehicle.nextServiceOdometer);
  if (byMileage && (vehicle.nextServiceDue === null || byMileage.day < vehicle.nextServiceDue)) {
    items.push({ kind: "SERVICE", day: byMileage.day, by: "mileage", odometer: vehicle.nextServiceOdometer!, basis: byMileage.basis });
  } else if (vehicle.nextServiceDue !== null) {
    items.push({ kind: "SERVICE", day: vehicle.nextServiceDue, by: "date" });
  }
  if (vehicle.inspectionDue !== null) items.push({ kind: "INSPECTION", day: vehicle.inspectionDue, by: "date" });
  return items;
}

/** What the daily job reminds of today: due in the lead time, or fell due in the catch-up days. */
export function dueForReminder(item: DueItem, today: Day): boolean {
  const lead = item.kind === "SERVICE" ? REMINDER_RULES.serviceLeadDays : REMINDER_RULES.inspectionLeadDays;
  return item.day >= today - REMINDER_RULES.catchUpDays && item.day <= today + lead;
}

/** The recorded reminder that covers a due item, if any (see sameDueWithinDays). */
export function matchingReminder<R extends { kind: ServiceReminderKind; dueOn: Day }>(item: DueItem, reminders: readonly R[]): R | undefined {
  return reminders
    .filter((reminder) => reminder.kind === item.kind && Math.abs(reminder.dueOn - item.day) <= REMINDER_RULES.sameDueWithinDays)
    .sort((a, b) => Math.abs(a.dueOn - item.day) - Math.abs(b.dueOn - item.day))[0];
}
