import type { TenantTx } from "@/lib/db";

export interface OpeningHours {
  opensAtMinute: number;
  closesAtMinute: number;
  /** ISO weekdays, 1 = Monday ... 7 = Sunday */
  openWeekdays: number[];
}

/** The schema's defaults: 08:00 to 17:30, Monday to Friday. */
const DEFAULT_HOURS: OpeningHours = { opensAtMinute: 480, closesAtMinute: 1050, openWeekdays: [1, 2, 3, 4, 5] };

/** The workshop's first site's opening hours: technicians are not tied to a site, and most workshops have one. */
export async function workshopOpeningHours(tx: TenantTx): Promise<OpeningHours> {
  const location = await tx.location.findFirst({ orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { opensAtMinute: true, closesAtMinute: true, openWeekdays: true } });
  return location ?? DEFAULT_HOURS;
}

const isoWeekday = (day: string) => ((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * Available time per technician for the local days firstDay..lastDay: the
 * opening hours of each open weekday, counted up to today only (a day still to
 * come is not time a technician could have sold). Opening hours are wall-clock,
 * so a day when the clocks change has the same hours as any other.
 */
export function availableMs(hours: OpeningHours, firstDay: string, lastDay: string, today: string): number {
  const open = new Set(hours.openWeekdays);
  const last = lastDay < today ? lastDay : today;
  let days = 0;
  for (let day = firstDay; day <= last; day = nextDay(day)) if (open.has(isoWeekday(day))) days += 1;
  return days * (hours.closesAtMinute - hours.opensAtMinute) * 60_000;
}
