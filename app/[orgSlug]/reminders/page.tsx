import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { SendReminderForm } from "@/components/reminders/send-reminder-form";
import { dayOfIso, longDay } from "@/lib/reminders/calendar-day";
import { REMINDER_RULES } from "@/lib/reminders/due-rules";
import { listDueThisMonth, type DueThisMonthRow, type ReminderStatus } from "@/lib/reminders/list-due-this-month";
import { requirePermission } from "@/lib/org/require-permission";
import { can } from "@/lib/rbac";

export const metadata: Metadata = { title: "Reminders" };

function itemText(item: DueThisMonthRow["items"][number]): string {
  const when = longDay(item.day);
  if (item.kind === "INSPECTION") return `MOT / inspection on ${when}`;
  if (item.by === "mileage") {
    const how = item.basis === "history" ? "estimated from past visits" : "estimated at 1,000 a month";
    return `Service at ${item.odometer!.toLocaleString("en-GB")} on the odometer, about ${when} (${how})`;
  }
  return `Service on ${when}`;
}

function statusText(status: ReminderStatus, timeZone: string): string {
  switch (status.state) {
    case "sent":
      return `Reminder sent ${status.at.toLocaleDateString("en-GB", { timeZone, day: "numeric", month: "long" })}`;
    case "skipped":
      return status.reason === "send failed" ? "Not sent: the mail server refused it (tried again daily)" : `Not sent: ${status.reason}`;
    case "sending":
      return "Being sent";
    case "unconfirmed":
      return "Not confirmed: sending was interrupted";
    default:
      return "Not sent yet";
  }
}

export default async function RemindersPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const ctx = await requirePermission(orgSlug, "customer.read");
  const { month, rows, timeZone } = await listDueThisMonth(ctx);
  const monthName = new Date(`${month.first}T00:00:00Z`).toLocaleDateString("en-GB", { timeZone: "UTC", month: "long", year: "numeric" });
  const maySend = can(ctx, "customer.update");
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold">Due this month</h1>
        <p className="mt-1 text-sm text-slate-600">
          Services and MOTs falling due in {monthName} ({longDay(dayOfIso(month.first))} to {longDay(dayOfIso(month.last))}). A service falls due by
          date or by mileage, whichever comes first. Customers who agreed to reminders by email get one {REMINDER_RULES.serviceLeadDays} days ahead,
          once, from the daily run at 06:00 UTC.
        </p>
      </div>
      <Card>
        {rows.length === 0 ? <p className="text-slate-700">Nothing falls due this month.</p> : (
          <ul className="divide-y divide-slate-200">
            {rows.map((row) => (
              <li key={row.vehicleId} className="flex flex-col gap-2 py-3 sm:flex-row sm:items-start sm:justify-between">
                <div className="flex flex-col gap-1">
                  <p>
                    <span className="font-semibold">{row.registration ?? row.description}</span>
                    {row.registration ? <span className="text-slate-600"> · {row.description}</span> : null}
                    {" · "}
                    <Link className="text-blue-700 underline underline-offset-2" href={`/${orgSlug}/customers/${row.customerId}`}>{row.customerName}</Link>
                  </p>
                  <ul className="text-sm">
                    {row.items.map((item) => (
                      <li key={item.kind}>
                        {itemText(item)}: <span className="text-slate-600">{statusText(item.reminder, timeZone)}</span>
                      </li>
                    ))}
                  </ul>
                  {row.blockedBecause ? <p className="text-sm text-amber-800">{row.blockedBecause}</p> : null}
                </div>
                {maySend && row.canSend ? <SendReminderForm orgSlug={orgSlug} vehicleId={row.vehicleId} label={row.registration ?? row.description} /> : null}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
