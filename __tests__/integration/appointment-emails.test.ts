// Emails about appointments: a confirmation once when a booking is (or becomes)
// CONFIRMED, a reminder once the day before, a cancellation once when a booking the
// customer was told is on is called off, times in the location's own zone, nothing
// for requests, and nothing across workshops.
import { changeAppointmentStatus } from "@/lib/appointments/change-appointment-status";
import { createServer, type Server, type Socket } from "node:net";
import { createAppointment } from "@/lib/appointments/create-appointment";
import { MAIL_SENT_ACTION, sendAppointmentMailOnce } from "@/lib/appointments/send-appointment-email";
import { updateAppointment } from "@/lib/appointments/update-appointment";
import { sendAppointmentEmails } from "@/lib/appointments/send-appointment-emails";
import { db, withTenant } from "@/lib/db";
import { reloadServerEnv } from "@/lib/env";
import { sendJob, stopJobProducer } from "@/lib/jobs/send-job";
import { startJobWorkers } from "@/lib/jobs/workers";
import { sendMail } from "@/lib/mail/send-mail";
import type { OrgContext } from "@/lib/org/context";
import { contextFor } from "../support/accounts";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { seedWorkshop, type SeededWorkshop } from "../support/workshops";

let database: TestDatabase;
let seedA: SeededWorkshop;
let seedB: SeededWorkshop;
let a: OrgContext;
let b: OrgContext;
let london: string;
let newYork: string;
let locationB: string;
const emailOf: Record<string, string> = {};

beforeAll(async () => {
  database = await createTestDatabase({ poolSize: 10 });
  seedA = await seedWorkshop(database.app, "a", 9);
  seedB = await seedWorkshop(database.app, "b");
  await db().organization.update({ where: { id: seedA.orgId }, data: { addressLine1: "1 High Street", city: "Leeds", phone: "0113 496 0000" } });
  const [orgA, orgB] = await Promise.all([seedA, seedB].map((s) => db().organization.findUniqueOrThrow({ where: { id: s.orgId } })));
  a = await contextFor(seedA.userId, orgA!.slug);
  b = await contextFor(seedB.userId, orgB!.slug);
  london = await addLocation(seedA.orgId, "Leeds", "Europe/London");
  newYork = await addLocation(seedA.orgId, "Brooklyn", "America/New_York", "200 Atlantic Avenue");
  locationB = await addLocation(seedB.orgId, "Attacker site", "Europe/London");
  for (const seed of [seedA, seedB]) {
    const customers = await withTenant(seed.orgId, (tx) => tx.customer.findMany({ select: { id: true, email: true } }));
    for (const customer of customers) emailOf[customer.id] = customer.email!;
  }
});

afterAll(async () => {
  await stopJobProducer();
  await database.drop();
});

async function addLocation(orgId: string, name: string, timezone: string, addressLine1?: string) {
  return (await withTenant(orgId, (tx) => tx.location.create({ data: { organizationId: orgId, name, timezone, addressLine1: addressLine1 ?? null } }))).id;
}

const mailsTo = (to: string) => db().outboxEmail.findMany({ where: { to }, orderBy: { createdAt: "asc" } });
const sentEntries = (orgId: string, appointmentId: string) =>
  withTenant(orgId, (tx) => tx.auditLog.findMany({ where: { targetId: appointmentId, action: { in: Object.values(MAIL_SENT_ACTION) } }, select: { action: true, actorUserId: true } }));

function book(customer: number, locationId: string, startsAt: string, endsAt: string, status: "REQUESTED" | "CONFIRMED", ctx = a, seed = seedA) {
  return createAppointment(ctx, { locationId, customerId: seed.customerIds[customer]!, startsAt, endsAt, status }, { source: "STAFF" });
}

describe("confirmation", () => {
  test("booked as confirmed: one email with the location's time and address, recorded once; running the job again sends nothing more", async () => {
    const appointment = await book(0, london, "2027-03-02T09:00", "2027-03-02T10:00", "CONFIRMED");
    const mails = await mailsTo(emailOf[seedA.customerIds[0]!]!);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe("Your appointment at Workshop a is confirmed");
    expect(mails[0]!.text).toContain("When: Tuesday 2 March 2027, 09:00 to 10:00 (Europe/London time)");
    expect(mails[0]!.text).toContain("Where: Workshop a, Leeds, 1 High Street, Leeds");
    expect(mails[0]!.text).toContain("call us on 0113 496 0000");
    expect(await sentEntries(seedA.orgId, appointment.id)).toEqual([{ action: "appointment.confirmation_sent", actorUserId: seedA.userId }]);

    await sendAppointmentEmails();
    await sendAppointmentEmails();
    expect(await mailsTo(emailOf[seedA.customerIds[0]!]!)).toHaveLength(1);
  });

  test("a request is not confirmed: no email until it moves to confirmed, then exactly one (later changes send none)", async () => {
    const to = emailOf[seedA.customerIds[1]!]!;
    const appointment = await book(1, newYork, "2027-03-02T09:00", "2027-03-02T10:00", "REQUESTED");
    expect(await mailsTo(to)).toHaveLength(0);
    await changeAppointmentStatus(a, appointment.id, "CONFIRMED");
    const mails = await mailsTo(to);
    expect(mails).toHaveLength(1);
    // 09:00 in Brooklyn, whatever the server's or the workshop's zone.
    expect(mails[0]!.text).toContain("When: Tuesday 2 March 2027, 09:00 to 10:00 (America/New_York time)");
    expect(mails[0]!.text).toContain("Where: Workshop a, Brooklyn, 200 Atlantic Avenue");
    await updateAppointment(a, appointment.id, { concerns: "Bring the locking wheel nut" });
    await sendAppointmentEmails();
    expect(await mailsTo(to)).toHaveLength(1);
  });

  test("when the mail server is down the confirmation still happens, nothing is recorded, and the job sends it once the server is back", async () => {
    const to = emailOf[seedA.customerIds[2]!]!;
    process.env.SMTP_URL = "smtp://127.0.0.1:1";
    reloadServerEnv();
    let appointment;
    try {
      appointment = await book(2, london, "2027-03-03T09:00", "2027-03-03T10:00", "CONFIRMED");
    } finally {
      delete process.env.SMTP_URL;
      reloadServerEnv();
    }
    expect(appointment.status).toBe("CONFIRMED");
    expect(await mailsTo(to)).toHaveLength(0);
    expect(await sentEntries(seedA.orgId, appointment.id)).toEqual([]);
    expect(await sendAppointmentEmails()).toMatchObject({ confirmations: 1, failed: 0 });
    expect(await sendAppointmentEmails()).toMatchObject({ confirmations: 0 });
    expect(await mailsTo(to)).toHaveLength(1);
    expect(await sentEntries(seedA.orgId, appointment.id)).toEqual([{ action: "appointment.confirmation_sent", actorUserId: null }]);
  });
});

describe("cancellation", () => {
  test("a confirmed booking called off: the customer gets one email saying not to come, with the time; the job sends nothing more", async () => {
    const to = emailOf[seedA.customerIds[6]!]!;
    const appointment = await book(6, london, "2027-04-06T14:00", "2027-04-06T15:00", "CONFIRMED");
    await changeAppointmentStatus(a, appointment.id, "CANCELLED");
    const mails = await mailsTo(to);
    expect(mails.map((mail) => mail.subject)).toEqual(["Your appointment at Workshop a is confirmed", "Your appointment at Workshop a is cancelled"]);
    expect(mails[1]!.text).toContain("please do not bring your vehicle in");
    expect(mails[1]!.text).toContain("When: Tuesday 6 April 2027, 14:00 to 15:00 (Europe/London time)");
    expect(mails[1]!.text).toContain("call us on 0113 496 0000");
    expect(await sendAppointmentEmails()).toMatchObject({ cancellations: 0, failed: 0 });
    expect(await mailsTo(to)).toHaveLength(2);
    expect((await sentEntries(seedA.orgId, appointment.id)).map((entry) => entry.action)).toEqual([
      "appointment.confirmation_sent", "appointment.cancellation_sent",
    ]);
  });

  test("a request declined before it was confirmed, a no-show and a cancellation after arrival email nobody", async () => {
    const to = emailOf[seedA.customerIds[7]!]!;
    const request = await book(7, london, "2027-04-07T09:00", "2027-04-07T10:00", "REQUESTED");
    await changeAppointmentStatus(a, request.id, "CANCELLED");
    const arrived = await book(7, london, "2027-04-08T09:00", "2027-04-08T10:00", "CONFIRMED");
    await changeAppointmentStatus(a, arrived.id, "ARRIVED");
    await changeAppointmentStatus(a, arrived.id, "CANCELLED");
    expect((await mailsTo(to)).map((mail) => mail.subject)).toEqual(["Your appointment at Workshop a is confirmed"]);
    expect(await sendAppointmentEmails()).toMatchObject({ cancellations: 0 });
    expect(await mailsTo(to)).toHaveLength(1);
  });

  test("when the mail server is down the cancellation still happens and the job tells the customer once the server is back", async () => {
    const to = emailOf[seedA.customerIds[8]!]!;
    const appointment = await book(8, london, "2027-04-09T09:00", "2027-04-09T10:00", "CONFIRMED");
    await withSmtp("smtp://127.0.0.1:1", () => changeAppointmentStatus(a, appointment.id, "CANCELLED"));
    expect((await withTenant(seedA.orgId, (tx) => tx.appointment.findFirstOrThrow({ where: { id: appointment.id } }))).status).toBe("CANCELLED");
    expect(await mailsTo(to)).toHaveLength(1);
    expect(await sendAppointmentEmails()).toMatchObject({ cancellations: 1, failed: 0 });
    expect(await sendAppointmentEmails()).toMatchObject({ cancellations: 0 });
    expect((await mailsTo(to)).map((mail) => mail.subject)).toEqual(["Your appointment at Workshop a is confirmed", "Your appointment at Workshop a is cancelled"]);
  });
});

/** A mail server on a free local port that answers each connection with `onConnection` (and never says hello). */
async function fakeMailServer(onConnection: (socket: Socket) => void): Promise<{ url: string; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

async function withSmtp<T>(url: string, work: () => Promise<T>): Promise<T> {
  process.env.SMTP_URL = url;
  reloadServerEnv();
  try {
    return await work();
  } finally {
    delete process.env.SMTP_URL;
    reloadServerEnv();
  }
}

describe("a slow mail server", () => {
  test("while the mail server is answering, the booking is not locked and the claim is already recorded; a refusal releases the claim and the job sends it once", async () => {
    const to = emailOf[seedA.customerIds[3]!]!;
    const before = (await mailsTo(to)).length;
    const seen: Array<{ locked: boolean; claims: number }> = [];
    let appointmentId = "";
    const server = await fakeMailServer((socket) => {
      void (async () => {
        const locked = await withTenant(seedA.orgId, (tx) => tx.$queryRaw`SELECT 1 FROM "Appointment" WHERE id = ${appointmentId}::uuid FOR UPDATE NOWAIT`).then(() => false, () => true);
        const claims = await withTenant(seedA.orgId, (tx) => tx.auditLog.count({ where: { targetId: appointmentId, action: "appointment.confirmation_sending" } }));
        seen.push({ locked, claims });
        socket.destroy();
      })();
    });
    try {
      const requested = await book(3, london, "2027-03-04T09:00", "2027-03-04T10:00", "REQUESTED");
      appointmentId = requested.id;
      const confirmed = await withSmtp(server.url, () => changeAppointmentStatus(a, requested.id, "CONFIRMED"));
      expect(confirmed.status).toBe("CONFIRMED");
    } finally {
      await server.close();
    }
    expect(seen).toEqual([{ locked: false, claims: 1 }]);
    expect(await mailsTo(to)).toHaveLength(before);
    expect(await sentEntries(seedA.orgId, appointmentId)).toEqual([]);
    expect(await sendAppointmentEmails()).toMatchObject({ confirmations: 1, failed: 0 });
    expect(await sendAppointmentEmails()).toMatchObject({ confirmations: 0 });
    expect(await mailsTo(to)).toHaveLength(before + 1);
  });

  test("a mail server that accepts the connection and never answers is given up on in seconds, not minutes", async () => {
    const server = await fakeMailServer(() => undefined);
    const started = Date.now();
    try {
      await expect(withSmtp(server.url, () => sendMail({ to: "someone@example.com", subject: "s", text: "t" }))).rejects.toThrow();
    } finally {
      await server.close();
    }
    expect(Date.now() - started).toBeLessThan(25_000);
  }, 40_000);
});

describe("a confirmed booking that moves", () => {
  test("is confirmed again with its new time; the job then sends nothing more, and the reminder is for the new day", async () => {
    const to = emailOf[seedA.customerIds[0]!]!;
    const appointment = await book(0, london, "2027-05-04T09:00", "2027-05-04T10:00", "CONFIRMED");
    const before = (await mailsTo(to)).length;
    await updateAppointment(a, appointment.id, { startsAt: "2027-05-06T14:00" });
    const mails = await mailsTo(to);
    expect(mails).toHaveLength(before + 1);
    expect(mails.at(-1)!.text).toContain("When: Thursday 6 May 2027, 14:00 to 15:00 (Europe/London time)");
    expect(await sendAppointmentEmails()).toMatchObject({ confirmations: 0 });
    // The old day's reminder is not owed; the new day's is.
    expect(await sendAppointmentEmails({ now: new Date("2027-05-03T12:00:00Z") })).toMatchObject({ reminders: 0 });
    expect(await sendAppointmentEmails({ now: new Date("2027-05-05T12:00:00Z") })).toMatchObject({ reminders: 1 });
    expect((await mailsTo(to)).at(-1)!.text).toContain("When: Thursday 6 May 2027, 14:00 to 15:00");
  });
});

describe("reminders", () => {
  // Tuesday 9 March 2027 is "tomorrow" for these runs, on Monday the 8th.
  let confirmedLondon: string;
  let confirmedNewYork: string;

  beforeAll(async () => {
    confirmedLondon = (await book(3, london, "2027-03-09T09:00", "2027-03-09T10:00", "CONFIRMED")).id;
    confirmedNewYork = (await book(4, newYork, "2027-03-09T09:00", "2027-03-09T10:30", "CONFIRMED")).id;
    await book(5, london, "2027-03-09T11:00", "2027-03-09T12:00", "REQUESTED");
    const cancelled = await book(5, london, "2027-03-09T13:00", "2027-03-09T14:00", "CONFIRMED");
    await changeAppointmentStatus(a, cancelled.id, "CANCELLED");
    await book(5, london, "2027-03-10T09:00", "2027-03-10T10:00", "CONFIRMED");
    await book(0, locationB, "2027-03-09T09:00", "2027-03-09T10:00", "CONFIRMED", b, seedB);
  });

  const reminders = async (customer: number, seed = seedA) =>
    (await mailsTo(emailOf[seed.customerIds[customer]!]!)).filter((mail) => mail.subject.startsWith("Reminder"));

  test("the day before, once each location has opened: London at noon UTC, Brooklyn not until it opens; run twice, sent once; none for requests, cancellations or the day after", async () => {
    // 07:00 in London: not yet open (08:00), nobody is emailed before opening.
    expect(await sendAppointmentEmails({ now: new Date("2027-03-08T07:00:00Z") })).toMatchObject({ reminders: 0 });

    const noon = new Date("2027-03-08T12:00:00Z");
    const first = await sendAppointmentEmails({ now: noon });
    // London (12:00) and workshop B's London site are open; Brooklyn is at 07:00.
    expect(first).toMatchObject({ reminders: 2, failed: 0 });
    expect(await sendAppointmentEmails({ now: noon })).toMatchObject({ reminders: 0 });

    const london = await reminders(3);
    expect(london).toHaveLength(1);
    expect(london[0]!.subject).toBe("Reminder: your appointment at Workshop a tomorrow");
    expect(london[0]!.text).toContain("When: Tuesday 9 March 2027, 09:00 to 10:00 (Europe/London time)");
    expect(await reminders(4)).toHaveLength(0);

    // 09:00 in Brooklyn: its reminder goes, in its own time.
    expect(await sendAppointmentEmails({ now: new Date("2027-03-08T14:00:00Z") })).toMatchObject({ reminders: 1 });
    expect(await sendAppointmentEmails({ now: new Date("2027-03-08T15:00:00Z") })).toMatchObject({ reminders: 0 });
    const brooklyn = await reminders(4);
    expect(brooklyn).toHaveLength(1);
    expect(brooklyn[0]!.text).toContain("When: Tuesday 9 March 2027, 09:00 to 10:30 (America/New_York time)");

    // The request, the cancelled booking and Wednesday's: no reminder.
    expect(await reminders(5)).toHaveLength(0);
    expect(await reminders(0, seedB)).toHaveLength(1);
    expect(await sentEntries(seedA.orgId, confirmedLondon)).toEqual(expect.arrayContaining([{ action: "appointment.reminder_sent", actorUserId: null }]));
    expect((await sentEntries(seedA.orgId, confirmedNewYork)).filter((e) => e.action === "appointment.reminder_sent")).toHaveLength(1);
  });

  test("two runs at the same moment (two instances) still send each reminder once", async () => {
    const appointment = await book(2, london, "2027-03-12T15:00", "2027-03-12T16:00", "CONFIRMED");
    const before = await reminders(2);
    const now = new Date("2027-03-11T10:00:00Z");
    const runs = await Promise.all([sendAppointmentEmails({ now }), sendAppointmentEmails({ now }), sendAppointmentEmails({ now })]);
    expect(runs.map((run) => run.reminders).reduce((x, y) => x + y)).toBe(1);
    expect(await reminders(2)).toHaveLength(before.length + 1);
    expect((await sentEntries(seedA.orgId, appointment.id)).filter((e) => e.action === "appointment.reminder_sent")).toHaveLength(1);
  });
});

describe("the hourly job", () => {
  test("runs through pg-boss as the app role and sends a confirmation still owed, once", async () => {
    const to = emailOf[seedB.customerIds[1]!]!;
    process.env.SMTP_URL = "smtp://127.0.0.1:1";
    reloadServerEnv();
    try {
      await book(1, locationB, "2027-04-01T09:00", "2027-04-01T10:00", "CONFIRMED", b, seedB);
    } finally {
      delete process.env.SMTP_URL;
      reloadServerEnv();
    }
    expect(await mailsTo(to)).toHaveLength(0);
    const workers = await startJobWorkers({ connectionString: database.appUrl, pollingIntervalSeconds: 0.5 });
    try {
      const jobId = await sendJob("appointment-emails");
      const deadline = Date.now() + 20_000;
      while ((await workers.boss.getJobById("appointment-emails", jobId!))?.state !== "completed") {
        if (Date.now() > deadline) throw new Error("the appointment-emails job did not complete");
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    } finally {
      await workers.stop({ timeoutMs: 5_000 });
    }
    expect(await mailsTo(to)).toHaveLength(1);
  });
});

describe("workshops apart", () => {
  test("workshop B cannot confirm or email about A's appointment by its id: not found, nothing sent, nothing recorded", async () => {
    const to = emailOf[seedA.customerIds[5]!]!;
    const appointment = await book(5, london, "2027-03-16T09:00", "2027-03-16T10:00", "REQUESTED");
    const mailsBefore = (await mailsTo(to)).length;
    await expect(changeAppointmentStatus(b, appointment.id, "CONFIRMED")).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await sendAppointmentMailOnce(seedB.orgId, appointment.id, "confirmation", { orgId: seedB.orgId, userId: null }, new Date())).toBe(false);
    // Even confirmed, A's appointment is invisible from B's side.
    await changeAppointmentStatus(a, appointment.id, "CONFIRMED");
    expect(await sendAppointmentMailOnce(seedB.orgId, appointment.id, "reminder", { orgId: seedB.orgId, userId: null }, new Date("2027-03-15T12:00:00Z"))).toBe(false);
    expect((await mailsTo(to)).length).toBe(mailsBefore + 1);
    expect(await withTenant(seedB.orgId, (tx) => tx.auditLog.count({ where: { targetId: appointment.id } }))).toBe(0);
  });

  test("a customer without an email address gets nothing, and nothing is recorded as sent", async () => {
    await withTenant(seedA.orgId, (tx) => tx.customer.updateMany({ where: { id: seedA.customerIds[4]! }, data: { email: null } }));
    const appointment = await book(4, london, "2027-03-17T09:00", "2027-03-17T10:00", "CONFIRMED");
    expect(await sendAppointmentEmails({ now: new Date("2027-03-16T12:00:00Z") })).toMatchObject({ reminders: 0, failed: 0 });
    expect(await sentEntries(seedA.orgId, appointment.id)).toEqual([]);
  });
});
