// `npm run reminders:send`: the daily reminder run, now, for ops (after an
// outage, or to check the mail set-up). Runs as the app role (DATABASE_URL),
// like the scheduled job; what was already sent is not sent again.
import { db } from "@/lib/db";
import { sendDueReminders } from "@/lib/reminders/send-due-reminders";

async function main() {
  const run = await sendDueReminders();
  console.log(`Service reminders: ${run.sent} vehicle(s) emailed, ${run.skipped} skipped (no consent or no email), ${run.failed} failed`);
  await db().$disconnect();
  if (run.failed > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(`reminders:send failed: ${(error as Error).message.split("\n")[0]}`);
  process.exit(1);
});
