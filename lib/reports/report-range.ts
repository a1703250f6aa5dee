import { z } from "zod";
import { AppError } from "@/lib/errors";
import { blankToUndefined } from "@/lib/forms/blank";
import { parseInput } from "@/lib/forms/parse-input";
import { isLocalDateTime, todayIn } from "@/lib/time-entries/workshop-time";

export const REPORT_STEPS = ["day", "week", "month"] as const;
export type ReportStep = (typeof REPORT_STEPS)[number];

/** A report covers whole local days, from and to included. A year (and a day) at most. */
export interface ReportRange {
  from: string;
  to: string;
  by: ReportStep;
}

const MAX_DAYS = 366;
const DAY_MS = 86_400_000;
const date = (message: string) => z.preprocess(blankToUndefined, z.string().trim().refine((day) => isLocalDateTime(`${day}T00:00`), message).optional());

export const ZReportRange = z.object({
  from: date("Choose the first day, like 2026-03-01."),
  to: date("Choose the last day, like 2026-03-31."),
  by: z.preprocess(blankToUndefined, z.enum(REPORT_STEPS, { message: "Choose day, week or month." }).optional()),
});

export const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

/** The range asked for, or this month to date (by day) in the workshop's time zone. */
export function reportRange(raw: z.input<typeof ZReportRange>, timeZone: string, now = new Date()): ReportRange {
  const input = parseInput(ZReportRange, raw);
  const today = todayIn(timeZone, now);
  const from = input.from ?? (input.to ?? today).slice(0, 8) + "01";
  const to = input.to ?? (input.from && input.from > today ? input.from : today);
  const fields: Record<string, string> = {};
  if (from > to) fields.to = "The last day must be on or after the first.";
  else if (daysBetween(from, to) >= MAX_DAYS) fields.to = `Choose at most ${MAX_DAYS} days.`;
  if (Object.keys(fields).length > 0) throw new AppError("VALIDATION_FAILED", "Check the dates.", { fields });
  return { from, to, by: input.by ?? "day" };
}
