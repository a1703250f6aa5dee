// Customer approval: the emailed link, the customer's answer with its evidence,
// locking, recommendations that come back, and workshop B's attacks.
import { answerEstimate, customerEstimate } from "@/lib/approvals/customer-estimate";
import { recordApproval } from "@/lib/approvals/record-approval";
import { readableMetadata } from "@/lib/audit/personal-data";
import { sendApprovalLink } from "@/lib/approvals/send-approval-link";
import { createCustomer } from "@/lib/customers/create-customer";
import { customerFile } from "@/lib/customers/customer-file";
import { db, withTenant } from "@/lib/db";
import type { OrgContext } from "@/lib/org/context";
import { dismissRecommendation, takeUpRecommendation } from "@/lib/recommendations/take-up-recommendation";
import { createRepairOrder } from "@/lib/repair-orders/create-repair-order";
import { addJob, addLine, ZAddLine } from "@/lib/repair-orders/edit-jobs";
import { moveRepairOrder } from "@/lib/repair-orders/move-repair-order";
import { repairOrderExtras } from "@/lib/repair-orders/repair-order-extras";
import { addVehicle, ZVehicle } from "@/lib/vehicles/save-vehicle";
import { contextFor, lastMailTo, linkIn, signUp, uniqueEmail, joinWorkshop } from "../support/accounts";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let database: TestDatabase;
let a: OrgContext;
let b: OrgContext;
const phone = { ip: "203.0.113.9", userAgent: "Mozilla/5.0 (iPhone) Safari", requestId: "req-approve" };

beforeAll(async () => {
  database = await createTestDatabase({ poolSize: 10 });
  const first = await signUp("ap-a");
  const second = await signUp("ap-b");
  a = await contextFor(first.userId, first.orgSlug);
  b = await contextFor(second.userId, second.orgSlug);
});

afterAll(() => database.drop());

/** An estimate with two jobs (brakes 127.50 + 91.98, wipers 20.00), ready to send. */
async function estimate(ctx: OrgContext, name: string) {
  const customer = await createCustomer(ctx, { kind: "PERSON", displayName: name, email: uniqueEmail("driver") });
  const vehicle = await addVehicle(ctx, customer.id, ZVehicle.parse({ registration: `${name.slice(0, 2).toUpperCase()}21 XYZ` }));
  const order = await createRepairOrder(ctx, { customerId: customer.id, vehicleId: vehicle.id, concerns: "Noise when braking" });
  const brakes = await addJob(ctx, { repairOrderId: order.id, title: "Front brakes" });
  await addLine(ctx, ZAddLine.parse({ jobId: brakes.id, kind: "LABOUR", description: "Fit pads", quantity: "1.5" }));
  await addLine(ctx, ZAddLine.parse({ jobId: brakes.id, kind: "PART", description: "Pads", quantity: "2", unitPrice: "45.99" }));
  const wipers = await addJob(ctx, { repairOrderId: order.id, title: "Wiper blades" });
  await addLine(ctx, ZAddLine.parse({ jobId: wipers.id, kind: "PART", description: "Blades", quantity: "1", unitPrice: "20" }));
  return { customer, vehicle, order, brakes, wipers };
}

async function sendAndOpen(ctx: OrgContext, order: { id: string }, email: string) {
  await sendApprovalLink(ctx, { repairOrderId: order.id, email });
  const url = linkIn((await lastMailTo(email))?.text);
  const [, , slug, token] = url.pathname.split("/");
  return { slug: slug!, token: token! };
}

const orderRow = (ctx: OrgContext, id: string) => withTenant(ctx.orgId, (tx) => tx.repairOrder.findFirstOrThrow({ where: { id } }));

test("the customer approves one job and declines another from the emailed link; the evidence is kept and the link is spent", async () => {
  const { order, brakes, wipers, vehicle } = await estimate(a, "Link Customer");
  const email = uniqueEmail("link");
  const { slug, token } = await sendAndOpen(a, order, email);
  expect(slug).toBe(a.orgSlug);
  expect((await orderRow(a, order.id)).status).toBe("AWAITING_APPROVAL");

  const view = await customerEstimate(slug, token, phone);
  expect(view.jobs.map((job) => [job.title, job.totals.gross])).toEqual([["Front brakes", 12750 + 9198], ["Wiper blades", 2000]]);

  const result = await answerEstimate(slug, token, { approverName: "Pat Driver", [`decision.${brakes.id}`]: "APPROVED", [`decision.${wipers.id}`]: "DECLINED" }, phone);
  expect(result).toMatchObject({ status: "APPROVED", approved: 1, declined: 1, deferred: 0 });

  const { decisions, recommendations } = await withTenant(a.orgId, async (tx) => ({
    decisions: await tx.jobDecision.findMany({ where: { repairOrderId: order.id }, orderBy: { grossMinor: "desc" } }),
    recommendations: await tx.recommendation.findMany({ where: { vehicleId: vehicle.id } }),
  }));
  expect(decisions.map((d) => [d.decision, d.channel, d.approverName, d.ip, d.userAgent, d.grossMinor])).toEqual([
    ["APPROVED", "LINK", "Pat Driver", phone.ip, phone.userAgent, 21948],
    ["DECLINED", "LINK", "Pat Driver", phone.ip, phone.userAgent, 2000],
  ]);
  expect(decisions.every((d) => Math.abs(d.decidedAt.getTime() - Date.now()) < 60_000)).toBe(true);
  expect(recommendations.map((r) => [r.title, r.grossMinor, r.status])).toEqual([["Wiper blades", 2000, "OPEN"]]);
  expect((await orderRow(a, order.id)).status).toBe("APPROVED");

  // The link answers once; approved work is locked.
  await expect(answerEstimate(slug, token, { approverName: "Pat Driver", [`decision.${brakes.id}`]: "DECLINED" }, phone)).rejects.toMatchObject({
    code: "CONFLICT", message: expect.stringContaining("already answered"),
  });
  await expect(customerEstimate(slug, token, phone)).rejects.toMatchObject({ code: "CONFLICT" });
  await expect(addLine(a, ZAddLine.parse({ jobId: brakes.id, kind: "PART", description: "Extra", quantity: "1", unitPrice: "5" }))).rejects.toMatchObject({
    code: "CONFLICT", message: expect.stringContaining("locked"),
  });
  const audits = await withTenant(a.orgId, (tx) => tx.auditLog.findMany({ where: { action: "approval.decide", targetId: order.id } }));
  expect(audits).toHaveLength(1);
  // The phone's address and browser are the customer's personal data: in the audit entry only sealed
  // with their key (shredded at erasure), readable while it exists.
  expect(audits[0]).toMatchObject({ actorUserId: null, ip: null, userAgent: null });
  expect(JSON.stringify(audits[0]!.metadata)).not.toContain(phone.userAgent);
  const readable = await withTenant(a.orgId, (tx) => readableMetadata(tx, audits[0]!.metadata));
  expect(readable).toMatchObject({ customerDevice: { ip: phone.ip, userAgent: phone.userAgent } });
});

test("an expired link, a resent (revoked) link and an incomplete answer are refused and change nothing", async () => {
  const { order, brakes, wipers } = await estimate(a, "Expiry Customer");
  const email = uniqueEmail("expiry");
  const first = await sendAndOpen(a, order, email);
  const second = { ...(await sendAndOpen(a, order, email)) };
  await expect(customerEstimate(first.slug, first.token, phone)).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("newer link") });
  // A price change after sending spends the link: the customer never approves a price they did not see.
  await addLine(a, ZAddLine.parse({ jobId: brakes.id, kind: "FEE", description: "Disposal", quantity: "1", unitPrice: "2" }));
  await expect(customerEstimate(second.slug, second.token, phone)).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("has changed") });
  const third = await sendAndOpen(a, order, email);
  second.slug = third.slug;
  second.token = third.token;

  await expect(answerEstimate(second.slug, second.token, { approverName: "Sam", [`decision.${brakes.id}`]: "APPROVED" }, phone)).rejects.toMatchObject({
    code: "VALIDATION_FAILED", fields: { [`decision.${wipers.id}`]: "Choose one." },
  });
  await expect(answerEstimate(second.slug, second.token, { approverName: "", [`decision.${brakes.id}`]: "APPROVED" }, phone)).rejects.toMatchObject({
    fields: { approverName: expect.any(String) },
  });
  await expect(answerEstimate(second.slug, second.token, { approverName: "Sam", [`decision.${brakes.id}`]: "MAYBE" }, phone)).rejects.toMatchObject({ code: "VALIDATION_FAILED" });

  await withTenant(a.orgId, (tx) => tx.approvalLink.updateMany({ where: { repairOrderId: order.id, revokedAt: null }, data: { expiresAt: new Date(Date.now() - 1000) } }));
  await expect(answerEstimate(second.slug, second.token, { approverName: "Sam", [`decision.${brakes.id}`]: "APPROVED", [`decision.${wipers.id}`]: "APPROVED" }, phone)).rejects.toMatchObject({
    code: "CONFLICT", message: expect.stringContaining("expired"),
  });
  const state = await withTenant(a.orgId, async (tx) => ({
    decisions: await tx.jobDecision.count({ where: { repairOrderId: order.id } }),
    pending: await tx.job.count({ where: { repairOrderId: order.id, approval: "PENDING" } }),
    used: await tx.approvalLink.count({ where: { repairOrderId: order.id, usedAt: { not: null } } }),
  }));
  expect(state).toEqual({ decisions: 0, pending: 2, used: 0 });
  expect((await orderRow(a, order.id)).status).toBe("AWAITING_APPROVAL");
});

test("another workshop's token, a made-up token and a token under the wrong workshop all get the same 404", async () => {
  const mine = await estimate(a, "Token Owner");
  const theirs = await estimate(b, "Token Thief");
  const aLink = await sendAndOpen(a, mine.order, uniqueEmail("tok-a"));
  const bLink = await sendAndOpen(b, theirs.order, uniqueEmail("tok-b"));
  for (const [slug, token] of [[a.orgSlug, bLink.token], [b.orgSlug, aLink.token], [a.orgSlug, "x".repeat(43)], ["no-such-workshop", aLink.token], [a.orgSlug, "../../etc"]] as const) {
    await expect(customerEstimate(slug, token, phone)).rejects.toMatchObject({ code: "NOT_FOUND", message: "This link is not valid. Ask the workshop to send a new one." });
  }
  // B's answer cannot touch A's jobs, even with B's own valid link.
  await expect(answerEstimate(bLink.slug, bLink.token, { approverName: "Mallory", [`decision.${mine.brakes.id}`]: "APPROVED" }, phone)).rejects.toMatchObject({ code: "NOT_FOUND" });
  expect(await withTenant(a.orgId, (tx) => tx.jobDecision.count({ where: { repairOrderId: mine.order.id } }))).toBe(0);
});

test("a phone approval is recorded by the advisor; a technician cannot record or send one; B gets 404", async () => {
  const { order, brakes, wipers } = await estimate(a, "Phone Customer");
  const tech = await joinWorkshop(a, "TECHNICIAN", "ap-tech");
  const decisions = { [brakes.id]: "APPROVED", [wipers.id]: "DEFERRED" } as const;
  await expect(recordApproval(tech, { repairOrderId: order.id, approverName: "Pat", channel: "PHONE" }, decisions)).rejects.toMatchObject({ code: "FORBIDDEN" });
  await expect(sendApprovalLink(tech, { repairOrderId: order.id, email: "x@example.test" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  await expect(recordApproval(b, { repairOrderId: order.id, approverName: "Pat", channel: "PHONE" }, decisions)).rejects.toMatchObject({ code: "NOT_FOUND" });
  await expect(sendApprovalLink(b, { repairOrderId: order.id, email: "x@example.test" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  // The "Mark approved" shortcut cannot skip the customer's decision.
  await expect(moveRepairOrder(a, order.id, "APPROVED")).rejects.toMatchObject({ code: "CONFLICT" });

  await recordApproval(a, { repairOrderId: order.id, approverName: "Pat on the phone", channel: "PHONE" }, decisions);
  const rows = await withTenant(a.orgId, (tx) => tx.jobDecision.findMany({ where: { repairOrderId: order.id } }));
  expect(rows.map((r) => [r.channel, r.recordedByUserId, r.decision]).sort()).toEqual([["PHONE", a.userId, "APPROVED"], ["PHONE", a.userId, "DEFERRED"]]);
  await expect(recordApproval(a, { repairOrderId: order.id, approverName: "Again", channel: "PHONE" }, decisions)).rejects.toMatchObject({ code: "CONFLICT" });
});

test("declined work comes back on the car's next visit and can be added in one step", async () => {
  const first = await estimate(a, "Return Visit");
  await recordApproval(a, { repairOrderId: first.order.id, approverName: "Robin", channel: "IN_PERSON" }, { [first.brakes.id]: "APPROVED", [first.wipers.id]: "DECLINED" });
  const next = await createRepairOrder(a, { customerId: first.customer.id, vehicleId: first.vehicle.id });
  const extras = await repairOrderExtras(a, next);
  expect(extras.recommendations.map((r) => r.title)).toEqual(["Wiper blades"]);
  // The visit it came from does not offer it to itself.
  expect((await repairOrderExtras(a, first.order)).recommendations).toEqual([]);

  // The customer's file shows both visits, what was declined, and the work still recommended.
  const file = await customerFile(a, first.customer.id);
  expect(file.visits.map((v) => [v.number, v.jobs.map((j) => `${j.title}:${j.approval}`)])).toEqual([
    [next.number, []], [first.order.number, ["Front brakes:APPROVED", "Wiper blades:DECLINED"]],
  ]);
  expect(file.recommendations.map((r) => r.title)).toEqual(["Wiper blades"]);
  await expect(takeUpRecommendation(b, extras.recommendations[0]!.id, next.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  await expect(dismissRecommendation(b, extras.recommendations[0]!.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  const job = await takeUpRecommendation(a, extras.recommendations[0]!.id, next.id);
  const lines = await withTenant(a.orgId, (tx) => tx.jobLine.findMany({ where: { jobId: job.id } }));
  expect(lines.map((l) => [l.description, l.unitPriceMinor, l.partStatus])).toEqual([["Blades", 2000, "NEEDED"]]);
  expect((await repairOrderExtras(a, next)).recommendations).toEqual([]);
  await expect(takeUpRecommendation(a, extras.recommendations[0]!.id, next.id)).rejects.toMatchObject({ code: "CONFLICT" });
});

test("the estimate page is rate limited per address", async () => {
  const ip = "192.0.2.200";
  let refused = 0;
  for (let i = 0; i < 65; i += 1) {
    await customerEstimate(a.orgSlug, "y".repeat(43), { ip, userAgent: "bot", requestId: null }).catch((error: { code: string }) => {
      if (error.code === "RATE_LIMITED") refused += 1;
    });
  }
  expect(refused).toBe(5);
});

test("a technician cannot set tax rates or costs on labour, nor dismiss a recommendation", async () => {
  const { order, vehicle } = await estimate(a, "Tech Limits");
  const tech = await joinWorkshop(a, "TECHNICIAN", "ap-tech2");
  const job = await addJob(a, { repairOrderId: order.id, title: "Diagnose" });
  await withTenant(a.orgId, (tx) => tx.repairOrder.updateMany({ where: { id: order.id }, data: { technicianUserId: tech.userId } }));
  await expect(addLine(tech, ZAddLine.parse({ jobId: job.id, kind: "LABOUR", description: "Diag", quantity: "1", taxRate: "0" }))).rejects.toMatchObject({ code: "FORBIDDEN" });
  await expect(addLine(tech, ZAddLine.parse({ jobId: job.id, kind: "LABOUR", description: "Diag", quantity: "1", unitCost: "1" }))).rejects.toMatchObject({ code: "FORBIDDEN" });
  await expect(addLine(a, ZAddLine.parse({ jobId: job.id, kind: "LABOUR", description: "Diag", quantity: "1", technicianUserId: b.userId }))).rejects.toMatchObject({ fields: { technicianUserId: expect.any(String) } });
  await recordApproval(a, { repairOrderId: order.id, approverName: "Tech Limits", channel: "PHONE" }, Object.fromEntries(
    (await withTenant(a.orgId, (tx) => tx.job.findMany({ where: { repairOrderId: order.id, approval: "PENDING" } }))).map((j) => [j.id, "DECLINED" as const]),
  ));
  const rec = await withTenant(a.orgId, (tx) => tx.recommendation.findFirstOrThrow({ where: { vehicleId: vehicle.id } }));
  await expect(dismissRecommendation(tech, rec.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
});

test("a malformed link is refused without spending the visitor's allowance", async () => {
  const ip = "192.0.2.201";
  for (let i = 0; i < 70; i += 1) {
    await expect(customerEstimate(a.orgSlug, "short", { ip, userAgent: "bot", requestId: null })).rejects.toMatchObject({ code: "NOT_FOUND" });
  }
  await expect(customerEstimate(a.orgSlug, "z".repeat(43), { ip, userAgent: "bot", requestId: null })).rejects.toMatchObject({ code: "NOT_FOUND" });
});

test("a workshop read-only for non-payment takes no answers through its links, and nothing changes", async () => {
  const { userId, orgSlug } = await signUp("ap-readonly");
  const ctx = await contextFor(userId, orgSlug);
  const { order, brakes, wipers } = await estimate(ctx, "Readonly Customer");
  const { slug, token } = await sendAndOpen(ctx, order, uniqueEmail("readonly"));
  await db().organization.update({ where: { id: ctx.orgId }, data: { subscriptionStatus: "PAST_DUE", pastDueSince: new Date(Date.now() - 60 * 86_400_000) } });
  await expect(answerEstimate(slug, token, { approverName: "Rita", [`decision.${brakes.id}`]: "APPROVED", [`decision.${wipers.id}`]: "APPROVED" }, phone)).rejects.toMatchObject({
    code: "READ_ONLY", message: "The workshop cannot take answers online right now. Please call them.",
  });
  expect(await withTenant(ctx.orgId, (tx) => tx.jobDecision.count())).toBe(0);
  expect(await withTenant(ctx.orgId, (tx) => tx.approvalLink.count({ where: { usedAt: { not: null } } }))).toBe(0);
});

test("a line added while the customer's answer is being saved waits for it, then finds the job locked", async () => {
  const { order, brakes } = await estimate(a, "Race Customer");
  // Play the answer by hand: lock the order as applyDecisions does, approve the job, and commit a moment later.
  const answer = await database.owner.connect();
  try {
    await answer.query("BEGIN");
    await answer.query("SELECT set_config('app.org_id', $1, true)", [a.orgId]);
    await answer.query(`SELECT 1 FROM "RepairOrder" WHERE id = $1 FOR UPDATE`, [order.id]);
    let settled = false;
    const line = addLine(a, ZAddLine.parse({ jobId: brakes.id, kind: "PART", description: "Late extra", quantity: "1", unitPrice: "99" }));
    void line.then(() => (settled = true), () => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(settled).toBe(false); // it waits for the answer instead of reading the job as still pending
    await answer.query(`UPDATE "Job" SET approval = 'APPROVED' WHERE id = $1`, [brakes.id]);
    await answer.query("COMMIT");
    await expect(line).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("locked") });
  } finally {
    answer.release();
  }
  expect(await withTenant(a.orgId, (tx) => tx.jobLine.count({ where: { jobId: brakes.id, description: "Late extra" } }))).toBe(0);
});
