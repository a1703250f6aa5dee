// When an erasure may run and when the law says it must be done.
//
// Art. 12(3) GDPR: act on a request "within one month of receipt". The month is
// counted as a calendar month (Regulation 1182/71): the same day of the next
// month, or that month's last day when it has no such day (31 January -> 28/29
// February). Our grace period, during which the workshop may still cancel, is
// 30 days; but the grace never outlasts the legal month: it ends at the latest
// one day before the deadline, so the hourly job has a day of tries left
// before the deadline passes. In a 31-day month that is the full 30 days; in a
// 30-day month 29 days; over February 27 or 28 days.

export const GRACE_DAYS = 30;
const DAY_MS = 86_400_000;
/** how long before the legal deadline the grace period ends at the latest */
export const DEADLINE_MARGIN_MS = DAY_MS;

/** One calendar month after `from`, at the same time of day (UTC), clamped to the month's last day. */
export function addLegalMonth(from: Date): Date {
  const year = from.getUTCFullYear();
  const month = from.getUTCMonth() + 1;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const due = new Date(from);
  due.setUTCDate(1);
  due.setUTCFullYear(year, month, Math.min(from.getUTCDate(), lastDay));
  return due;
}

export interface ErasureSchedule {
  /** the legal deadline */
  dueAt: Date;
  /** the job runs the erasure after this; cancellable until then */
  executeAfter: Date;
}

export function erasureSchedule(now: Date): ErasureSchedule {
  const dueAt = addLegalMonth(now);
  const executeAfter = new Date(Math.min(now.getTime() + GRACE_DAYS * DAY_MS, dueAt.getTime() - DEADLINE_MARGIN_MS));
  return { dueAt, executeAfter };
}
