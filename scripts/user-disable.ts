// `npm run user:disable -- someone@example.com [--enable]`
import { setUserDisabled } from "@/lib/auth/disable-user";
import { db } from "@/lib/db";

async function main() {
  const email = process.argv[2];
  if (!email) {
    console.error("usage: npm run user:disable -- <email> [--enable]");
    process.exit(1);
  }
  const enable = process.argv.includes("--enable");
  await setUserDisabled(email, !enable, { requestId: "cli", userAgent: "user:disable" });
  console.log(`${email} is ${enable ? "enabled" : "disabled; every session has ended"}`);
  await db().$disconnect();
}

main().catch((error: unknown) => {
  console.error(`user:disable failed: ${(error as Error).message.split("\n")[0]}`);
  process.exit(1);
});
