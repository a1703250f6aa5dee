import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { db, listUserMemberships, withTenant } from "@/lib/db";
import { reloadServerEnv } from "@/lib/env";
import { sendMail } from "@/lib/mail/send-mail";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { signUp } from "../support/accounts";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(() => database.drop());

test("with SMTP_URL set, mail goes out over SMTP and not to the outbox", async () => {
  const received: Array<{ from: string; to: string[]; data: string }> = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, callback) {
      let data = "";
      stream.on("data", (chunk: Buffer) => (data += chunk.toString()));
      stream.on("end", () => {
        received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "", to: session.envelope.rcptTo.map((r) => r.address), data });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
  process.env.MAIL_FROM = "Demo Motors <service@demo-motors.test>";
  reloadServerEnv();
  try {
    await sendMail({ to: "jane@example.test", subject: "Your car is ready", text: "Collect it after 4pm." });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ from: "service@demo-motors.test", to: ["jane@example.test"] });
    expect(received[0]!.data).toContain("Subject: Your car is ready");
    expect(await db().outboxEmail.count({ where: { to: "jane@example.test" } })).toBe(0);
  } finally {
    delete process.env.SMTP_URL;
    delete process.env.MAIL_FROM;
    reloadServerEnv();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

test("without SMTP_URL, mail lands in the dev outbox", async () => {
  await sendMail({ to: "raj@example.test", subject: "Estimate ready", text: "Please approve." });
  expect(await db().outboxEmail.findFirst({ where: { to: "raj@example.test" } })).toMatchObject({ subject: "Estimate ready" });
});

test("the workshop switcher lists exactly the user's own workshops", async () => {
  const first = await signUp("switch-a");
  const second = await signUp("switch-b");
  const stranger = await signUp("switch-c");
  // The first owner also joins the second workshop.
  const secondOrg = await db().organization.findUniqueOrThrow({ where: { slug: second.orgSlug } });
  await withTenant(secondOrg.id, (tx) => tx.membership.create({ data: { organizationId: secondOrg.id, userId: first.userId, role: "VIEWER" } }));
  const workshops = await listUserMemberships(first.userId);
  expect(workshops.map((w) => [w.organization.slug, w.role])).toEqual(
    [[first.orgSlug, "OWNER"], [second.orgSlug, "VIEWER"]].sort((a, b) => a[0]!.localeCompare(b[0]!)),
  );
  expect(workshops.map((w) => w.organization.slug)).not.toContain(stranger.orgSlug);
});
