// The owner's reports against a fixture computed by hand: three repair orders,
// four invoices and a credit note over the clock change of 29 March 2026 (London),
// labour by two technicians, parts with and without a cost, and their time.
// Workshop B is the attacker. Prices exclude tax here, so a line's net is its amount.
import { db, withTenant } from "@/lib/db";
import { issueCreditNote } from "@/lib/invoices/issue-credit-note";
import { issueInvoice } from "@/lib/invoices/issue-invoice";
import type { OrgContext } from "@/lib/org/context";
import { reportCsv, csvResponse } from "@/lib/reports/report-csv";
import { toCsv, decimal } from "@/lib/reports/csv";
import { workshopReport } from "@/lib/reports/workshop-report";
import { addJob, addLine, ZAddLine } from "@/lib/repair-orders/edit-jobs";
import { recordApproval } from "@/lib/approvals/record-approval";
import { moveRepairOrder } from "@/lib/repair-orders/move-repair-order";
import { clockOff } from "@/lib/time-entries/clock-off";
import { clockOn } from "@/lib/time-entries/clock-on";
import { correctTimeEntry } from "@/lib/time-entries/correct-time-entry";
import { contextFor, joinWorkshop, signUp } from "../support/accounts";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { backdate, orderWithJobs } from "../support/workshop-floor";

let database: TestDatabase;
let a: OrgContext;
let b: OrgContext;
let t1: OrgContext;
let t2: OrgContext;
const HOUR = 3_600_000;
// A name a spreadsheet would run as a formula, with a comma and quotes to escape.
const T2_NAME = `=HYPERLINK("http://evil.test","Sam, the Spanner")`;

/** Clocks on and straight off, then corrects the entry to the given wall-clock times (Europe/London). */
async function worked(tech: OrgContext, jobId: string, from: string, to: string) {
  const { entry } = await clockOn(tech, { jobId });
  await clockOff(tech, { timeEntryId: entry.id });
  await correctTimeEntry(a, { timeEntryId: entry.id, startedAt: from, endedAt: to, reason: "Fixture: time worked" });
  return entry.id;
}

const linesOf = async (jobIds: string[]) => (await withTenant(a.orgId, (tx) => tx.jobLine.findMany({ where: { jobId: { in: jobIds } }, select: { id: true } }))).map((l) => l.id);

beforeAll(async () => {
  database = await createTestDatabase({ poolSize: 8 });
  const first = await signUp("rep-a");
  const second = await signUp("rep-b");
  a = await contextFor(first.userId, first.orgSlug);
  b = await contextFor(second.userId, second.orgSlug);
  for (const org of [a, b]) await db().organization.update({ where: { id: org.orgId }, data: { plan: "PROFESSIONAL", pricesIncludeTax: false } });
  // Open Monday to Saturday, 08:00-17:00: 9 available hours a day per technician; Sunday closed.
  await withTenant(a.orgId, (tx) => tx.location.updateMany({ data: { openWeekdays: [1, 2, 3, 4, 5, 6], opensAtMinute: 480, closesAtMinute: 1020 } }));
  t1 = await joinWorkshop(a, "TECHNICIAN", "rep-tech-one");
  t2 = await joinWorkshop(a, "TECHNICIAN", "rep-tech-two");
  await db().user.update({ where: { id: t1.userId }, data: { name: "Alex Fitter" } });
  await db().user.update({ where: { id: t2.userId }, data: { name: T2_NAME } });
  const labour = (hours: string, technicianUserId: string) => ({ kind: "LABOUR" as const, description: "Labour", quantity: hours, unitPrice: "60", technicianUserId });

  // RO1 Brakes: labour 2 h x 60.00 (T1) = 120.00; pads 2 x 40.00 = 80.00, cost 2 x 25.00 = 50.00. Net 200.00.
  const ro1 = await orderWithJobs(a, [{ title: "Brakes", lines: [labour("2", t1.userId), { kind: "PART", description: "Pads", quantity: "2", unitPrice: "40", unitCost: "25" }] }]);
  // RO2 Service: labour 1.5 h (T2) = 90.00; oil 4.5 x 8.00 = 36.00, cost 4.5 x 5.00 = 22.50; wipers 12.00 with no cost;
  // disposal fee 5.00; discount -10.00. Net 133.00. Timing belt (3 h, T2) declined: never billed.
  const ro2 = await orderWithJobs(a, [
    { title: "Service", lines: [labour("1.5", t2.userId), { kind: "PART", description: "Oil", quantity: "4.5", unitPrice: "8", unitCost: "5" },
      { kind: "PART", description: "Wipers", quantity: "1", unitPrice: "12" }, { kind: "FEE", description: "Disposal", quantity: "1", unitPrice: "5" },
      { kind: "DISCOUNT", description: "Loyalty", quantity: "1", unitPrice: "10" }] },
    { title: "Timing belt", lines: [labour("3", t2.userId)], decision: "DECLINED" },
  ]);
  // RO3 Clutch: labour 4 h (T1) = 240.00 and 1 h (T2) = 60.00; kit 150.00, cost 100.00. Net 450.00.
  const ro3 = await orderWithJobs(a, [{ title: "Clutch", lines: [labour("4", t1.userId), labour("1", t2.userId), { kind: "PART", description: "Clutch kit", quantity: "1", unitPrice: "150", unitCost: "100" }] }]);

  // Time (wall clock, London). GMT until 01:00 UTC on Sunday 29 March, BST (UTC+1) after.
  await worked(t1, ro1.jobs[0]!.id, "2026-03-28T08:00", "2026-03-28T10:30"); // Sat: 2.5 h
  await worked(t1, ro3.jobs[0]!.id, "2026-03-28T13:00", "2026-03-28T17:00"); // Sat: 4 h
  await worked(t2, ro3.jobs[0]!.id, "2026-03-28T09:00", "2026-03-28T10:00"); // Sat: 1 h
  await worked(t2, ro3.jobs[0]!.id, "2026-03-29T23:00", "2026-03-30T01:00"); // 1 h on Sun, 1 h on Mon
  await worked(t2, ro2.jobs[0]!.id, "2026-03-30T09:00", "2026-03-30T11:00"); // Mon: 2 h

  for (const ro of [ro1, ro2, ro3]) await moveRepairOrder(a, ro.order.id, "READY");
  const inv1 = await issueInvoice(a, ro1.order.id);
  const inv2 = await issueInvoice(a, ro2.order.id);
  const inv3 = await issueInvoice(a, ro3.order.id);
  const cn1 = await issueCreditNote(a, { invoiceId: inv3.id, reason: "Wrong clutch kit price" });
  const firstLines = await linesOf([...ro1.jobs, ...ro2.jobs, ...ro3.jobs].map((j) => j.id));
  // RO3 corrected after the credit note: clutch fluid, labour 0.5 h (T1) = 30.00, fluid 12.00, cost 6.00.
  await moveRepairOrder(a, ro3.order.id, "IN_PROGRESS");
  const fluid = await addJob(a, { repairOrderId: ro3.order.id, title: "Clutch fluid" });
  await addLine(a, ZAddLine.parse({ ...labour("0.5", t1.userId), jobId: fluid.id }));
  await addLine(a, ZAddLine.parse({ kind: "PART", description: "Fluid", quantity: "1", unitPrice: "12", unitCost: "6", jobId: fluid.id }));
  await recordApproval(a, { repairOrderId: ro3.order.id, approverName: "Customer", channel: "PHONE" }, { [fluid.id]: "APPROVED" });
  await worked(t1, fluid.id, "2026-03-31T09:00", "2026-03-31T09:30"); // Tue: 0.5 h
  await worked(t1, fluid.id, "2026-10-25T00:00", "2026-10-26T00:00"); // the day the clocks go back: 25 h
  await moveRepairOrder(a, ro3.order.id, "READY");
  const inv4 = await issueInvoice(a, ro3.order.id); // clutch + fluid: 450.00 + 42.00 = 492.00

  // When it all happened. The work on the first jobs was written on Friday 27 March; the fluid on Monday 30th.
  await backdate(database.superuser, "JobLine", "createdAt", firstLines, "2026-03-27T12:00:00Z");
  await backdate(database.superuser, "JobLine", "createdAt", await linesOf([fluid.id]), "2026-03-30T12:00:00Z");
  await backdate(database.superuser, "Invoice", "issuedAt", [inv1.id], "2026-03-28T10:00:00Z"); // Sat 28 Mar 10:00 GMT
  await backdate(database.superuser, "Invoice", "issuedAt", [inv3.id], "2026-03-29T00:30:00Z"); // Sun 29 Mar 00:30 GMT
  await backdate(database.superuser, "Invoice", "issuedAt", [inv2.id], "2026-03-29T23:30:00Z"); // Mon 30 Mar 00:30 BST (Sunday in UTC)
  await backdate(database.superuser, "Invoice", "issuedAt", [cn1.id], "2026-03-30T08:00:00Z"); // Mon 30 Mar 09:00 BST
  await backdate(database.superuser, "Invoice", "issuedAt", [inv4.id], "2026-03-31T23:30:00Z"); // Wed 1 Apr 00:30 BST (March in UTC)
}, 180_000);

afterAll(() => database.drop());

const RANGE = { from: "2026-03-28", to: "2026-04-01" };
const pick = <T extends object, K extends keyof T>(rows: T[], keys: K[]) => rows.map((row) => Object.fromEntries(keys.map((k) => [k, row[k]])));
const SALES_KEYS = ["bucket", "carCount", "revenueMinor", "averageRepairOrderMinor", "labourRevenueMinor", "partsRevenueMinor", "otherRevenueMinor",
  "partsCostMinor", "labourGrossProfitMinor", "partsGrossProfitMinor", "uncostedPartLines"] as const;
const sales = (bucket: string, cars: number, revenue: number, aro: number | null, labour: number, parts: number, other: number, cost: number, uncosted = 0) => ({
  bucket, carCount: cars, revenueMinor: revenue, averageRepairOrderMinor: aro, labourRevenueMinor: labour, partsRevenueMinor: parts, otherRevenueMinor: other,
  partsCostMinor: cost, labourGrossProfitMinor: labour, partsGrossProfitMinor: parts - cost, uncostedPartLines: uncosted,
});

test("by day: car count, revenue, ARO and gross profit per local day, credit note on its own day", async () => {
  const report = await workshopReport(a, { ...RANGE, by: "day" });
  expect(pick(report.sales, [...SALES_KEYS])).toEqual([
    // Sat 28: INV1. Labour 120.00, pads 80.00 costing 50.00 -> parts GP 30.00.
    sales("2026-03-28", 1, 20000, 20000, 12000, 8000, 0, 5000),
    // Sun 29: INV3 (450.00), later credited, so no car and no ARO; its kit cost 100.00 -> parts GP 50.00.
    sales("2026-03-29", 0, 45000, null, 30000, 15000, 0, 10000),
    // Mon 30: INV2 at 00:30 BST (133.00: labour 90.00, parts 36.00 + 12.00, fee 5.00, discount -10.00; oil cost 22.50,
    // wipers uncosted) and CN1 (-450.00, cost -100.00: the fluid added later is not part of INV3).
    // revenue 133.00 - 450.00 = -317.00; labour 90 - 300 = -210.00; parts 48 - 150 = -102.00; other -5.00;
    // cost 22.50 - 100.00 = -77.50; parts GP -102.00 + 77.50 = -24.50. One car (RO2): ARO -317.00.
    sales("2026-03-30", 1, -31700, -31700, -21000, -10200, -500, -7750, 1),
    sales("2026-03-31", 0, 0, null, 0, 0, 0, 0),
    // Wed 1 Apr: INV4 at 00:30 BST: labour 240 + 60 + 30 = 330.00, parts 150 + 12 = 162.00, cost 106.00.
    sales("2026-04-01", 1, 49200, 49200, 33000, 16200, 0, 10600),
  ]);
  // 200 + 450 - 317 + 492 = 825.00 over 3 cars: ARO 275.00. Labour 540.00, parts 290.00, cost 178.50, parts GP 111.50.
  expect(pick([report.salesTotal], [...SALES_KEYS])).toEqual([sales("total", 3, 82500, 27500, 54000, 29000, -500, 17850, 1)]);
});

test("by week (from Monday) and by month: buckets follow the London calendar, not UTC", async () => {
  const weeks = await workshopReport(a, { ...RANGE, by: "week" });
  expect(pick(weeks.sales, [...SALES_KEYS])).toEqual([
    // Sat 28 - Sun 29 only (the range starts on Saturday): INV1 + INV3. INV2 (Sunday 23:30 UTC) is Monday in London.
    sales("2026-03-23", 1, 65000, 65000, 42000, 23000, 0, 15000),
    // Mon 30 - Wed 1: INV2 + CN1 + INV4 = 133 - 450 + 492 = 175.00 over 2 cars: ARO 87.50.
    sales("2026-03-30", 2, 17500, 8750, 12000, 6000, -500, 2850, 1),
  ]);
  expect(weeks.sales.map((w) => [w.firstDay, w.lastDay])).toEqual([["2026-03-28", "2026-03-29"], ["2026-03-30", "2026-04-01"]]);
  const months = await workshopReport(a, { ...RANGE, by: "month" });
  expect(pick(months.sales, [...SALES_KEYS])).toEqual([
    // March (28-31): 200 + 450 - 317 = 333.00 over 2 cars: 166.50. INV4 (31 March 23:30 UTC) is April in London.
    sales("2026-03-01", 2, 33300, 16650, 21000, 12800, -500, 7250, 1),
    sales("2026-04-01", 1, 49200, 49200, 33000, 16200, 0, 10600),
  ]);
});

const TECH_KEYS = ["bucket", "technicianUserId", "loggedMs", "billedMilli", "availableMs", "productivityBp", "efficiencyBp"] as const;
const tech = (bucket: string | null, who: OrgContext, loggedH: number, billedMilli: number, availableH: number, productivityBp: number | null, efficiencyBp: number | null) => ({
  bucket, technicianUserId: who.userId, loggedMs: loggedH * HOUR, billedMilli, availableMs: availableH * HOUR, productivityBp, efficiencyBp,
});

test("technicians: logged, billed and available hours, productivity and efficiency, per day and for the range", async () => {
  const report = await workshopReport(a, { ...RANGE, by: "day" });
  // The owner neither logged nor billed: only the two technicians are listed.
  expect(report.technicians.map((t) => t.technicianUserId).sort()).toEqual([t1.userId, t2.userId].sort());
  const byTech = (who: OrgContext) => pick(report.technicianBuckets.filter((r) => r.technicianUserId === who.userId), [...TECH_KEYS]);
  // Available: 9 h on each open day (Sat 28, Mon 30, Tue 31, Wed 1); Sunday is closed.
  expect(byTech(t1)).toEqual([
    tech("2026-03-28", t1, 6.5, 2000, 9, 2222, 3077), // billed 2 h (INV1) / 9 h = 22.22 %; / 6.5 h logged = 30.77 %
    tech("2026-03-29", t1, 0, 4000, 0, null, null), // INV3's 4 h on a closed day, nothing logged
    tech("2026-03-30", t1, 0, -4000, 9, -4444, null), // CN1 takes the 4 h back: -44.44 %
    tech("2026-03-31", t1, 0.5, 0, 9, 0, 0),
    tech("2026-04-01", t1, 0, 4500, 9, 5000, null), // INV4: 4 h + 0.5 h
  ]);
  expect(byTech(t2)).toEqual([
    tech("2026-03-28", t2, 1, 0, 9, 0, 0),
    tech("2026-03-29", t2, 1, 1000, 0, null, 10000), // 23:00-24:00 BST of the entry over midnight; INV3's 1 h
    tech("2026-03-30", t2, 3, 500, 9, 556, 1667), // 00:00-01:00 + 09:00-11:00; INV2 1.5 h - CN1 1 h = 0.5 h: 5.56 %, 16.67 %
    tech("2026-03-31", t2, 0, 0, 9, 0, null),
    tech("2026-04-01", t2, 0, 1000, 9, 1111, null),
  ]);
  // Range: T1 logged 2.5 + 4 + 0.5 = 7 h, billed 2 + 4 - 4 + 4.5 = 6.5 h, available 4 x 9 = 36 h:
  // productivity 6.5 / 36 = 18.06 %, efficiency 6.5 / 7 = 92.86 %. T2: 5 h, 2.5 h: 6.94 %, 50.00 %.
  expect(pick(report.technicians.sort((x, y) => (x.technicianUserId === t1.userId ? -1 : y.technicianUserId === t1.userId ? 1 : 0)), [...TECH_KEYS])).toEqual([
    tech(null, t1, 7, 6500, 36, 1806, 9286),
    tech(null, t2, 5, 2500, 36, 694, 5000),
  ]);
  expect(report.technicians.find((t) => t.technicianUserId === t2.userId)?.name).toBe(T2_NAME);
});

test("technicians by week and by month", async () => {
  const weeks = await workshopReport(a, { ...RANGE, by: "week" });
  expect(pick(weeks.technicianBuckets, [...TECH_KEYS]).sort((x, y) => String(x.bucket).localeCompare(String(y.bucket)) || (x.technicianUserId === t1.userId ? -1 : 1))).toEqual([
    tech("2026-03-23", t1, 6.5, 6000, 9, 6667, 9231), // 6 / 9 = 66.67 %, 6 / 6.5 = 92.31 %
    tech("2026-03-23", t2, 2, 1000, 9, 1111, 5000),
    tech("2026-03-30", t1, 0.5, 500, 27, 185, 10000), // -4 + 4.5 = 0.5 h over 27 h = 1.85 %
    tech("2026-03-30", t2, 3, 1500, 27, 556, 5000),
  ]);
  const months = await workshopReport(a, { ...RANGE, by: "month" });
  expect(pick(months.technicianBuckets, [...TECH_KEYS]).sort((x, y) => String(x.bucket).localeCompare(String(y.bucket)) || (x.technicianUserId === t1.userId ? -1 : 1))).toEqual([
    tech("2026-03-01", t1, 7, 2000, 27, 741, 2857), // 2 / 27 = 7.41 %, 2 / 7 = 28.57 %
    tech("2026-03-01", t2, 5, 1500, 27, 556, 3000),
    tech("2026-04-01", t1, 0, 4500, 9, 5000, null),
    tech("2026-04-01", t2, 0, 1000, 9, 1111, null),
  ]);
});

test("the day the clocks go back lasts 25 hours; days still to come have no available hours", async () => {
  const report = await workshopReport(a, { from: "2026-10-24", to: "2026-10-26", by: "day" });
  const t1Days = report.technicianBuckets.filter((r) => r.technicianUserId === t1.userId).map((r) => [r.bucket, r.loggedMs / HOUR, r.availableMs / HOUR]);
  // Sat 24 open (9 h), Sun 25 closed, Mon 26 open; the entry runs 00:00 BST on the 25th to 00:00 GMT on the 26th.
  expect(t1Days).toEqual([["2026-10-24", 0, 9], ["2026-10-25", 25, 0], ["2026-10-26", 0, 9]]);
  const future = await workshopReport(a, { from: "2027-01-04", to: "2027-01-08", by: "week" }, new Date("2026-11-29T12:00:00Z"));
  expect(future.technicians.every((t) => t.availableMs === 0 && t.productivityBp === null)).toBe(true);
});

test("bad ranges are refused with the field to fix", async () => {
  await expect(workshopReport(a, { from: "2026-03-31", to: "2026-03-01" })).rejects.toMatchObject({ code: "VALIDATION_FAILED", fields: { to: "The last day must be on or after the first." } });
  await expect(workshopReport(a, { from: "2025-01-01", to: "2026-03-01" })).rejects.toMatchObject({ code: "VALIDATION_FAILED", fields: { to: "Choose at most 366 days." } });
  await expect(workshopReport(a, { from: "2026-02-30", by: "day" })).rejects.toMatchObject({ code: "VALIDATION_FAILED", fields: { from: expect.any(String) } });
  await expect(workshopReport(a, { by: "year" as "day" })).rejects.toMatchObject({ code: "VALIDATION_FAILED", fields: { by: "Choose day, week or month." } });
  // No range: this month to date, by day, in the workshop's time zone.
  const now = new Date("2026-03-31T23:30:00Z"); // already 1 April in London
  expect((await workshopReport(a, {}, now)).range).toEqual({ from: "2026-04-01", to: "2026-04-01", by: "day" });
});

const parseCsv = (text: string) => text.replace(/^\uFEFF/, "").trimEnd().split("\r\n");

test("CSV of each table: the same figures, a download, and cells a spreadsheet cannot run", async () => {
  const salesCsv = await reportCsv(a, "sales", { ...RANGE, by: "day" });
  expect(salesCsv.filename).toBe("sales-2026-03-28-to-2026-04-01-by-day.csv");
  const rows = parseCsv(salesCsv.body);
  expect(rows[0]).toBe("Period,From,To,Car count,Revenue before tax (GBP),Average repair order,Labour revenue,Parts revenue,Fees and discounts,Parts cost,Labour gross profit,Parts gross profit,Gross profit,Part lines without a cost");
  // Our own negative figures stay numbers (no quote prefix); a missing ARO is an empty cell.
  expect(rows.slice(1)).toEqual([
    "Sat 28 Mar 2026,2026-03-28,2026-03-28,1,200.00,200.00,120.00,80.00,0.00,50.00,120.00,30.00,150.00,0",
    "Sun 29 Mar 2026,2026-03-29,2026-03-29,0,450.00,,300.00,150.00,0.00,100.00,300.00,50.00,350.00,0",
    "Mon 30 Mar 2026,2026-03-30,2026-03-30,1,-317.00,-317.00,-210.00,-102.00,-5.00,-77.50,-210.00,-24.50,-239.50,1",
    "Tue 31 Mar 2026,2026-03-31,2026-03-31,0,0.00,,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0",
    "Wed 1 Apr 2026,2026-04-01,2026-04-01,1,492.00,492.00,330.00,162.00,0.00,106.00,330.00,56.00,386.00,0",
    "Total,2026-03-28,2026-04-01,3,825.00,275.00,540.00,290.00,-5.00,178.50,540.00,111.50,646.50,1",
  ]);

  const techCsv = parseCsv((await reportCsv(a, "technicians", { ...RANGE, by: "month" })).body);
  expect(techCsv[0]).toBe("Period,From,To,Technician,Logged hours,Billed hours,Available hours,Productivity %,Efficiency %");
  // The technician's name starts with "=": prefixed with a quote, then quoted for its comma and quotes.
  const evil = `"'=HYPERLINK(""http://evil.test"",""Sam, the Spanner"")"`;
  expect(techCsv).toContain(`March 2026,2026-03-28,2026-03-31,Alex Fitter,7.00,2.000,27.00,7.41,28.57`);
  expect(techCsv).toContain(`March 2026,2026-03-28,2026-03-31,${evil},5.00,1.500,27.00,5.56,30.00`);
  expect(techCsv).toContain(`April 2026,2026-04-01,2026-04-01,Alex Fitter,0.00,4.500,9.00,50.00,`);
  expect(techCsv).toContain(`Whole range,2026-03-28,2026-04-01,Alex Fitter,7.00,6.500,36.00,18.06,92.86`);
  expect(techCsv).toContain(`Whole range,2026-03-28,2026-04-01,${evil},5.00,2.500,36.00,6.94,50.00`);
  expect(techCsv.every((line) => !/(^|,)[=+@-][^,0-9]/.test(line))).toBe(true);

  const response = csvResponse(salesCsv);
  expect(response.headers.get("content-disposition")).toBe('attachment; filename="sales-2026-03-28-to-2026-04-01-by-day.csv"');
  expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
  await expect(reportCsv(a, "payroll", RANGE)).rejects.toMatchObject({ code: "NOT_FOUND" });
});

test("CSV escaping: formulas, quotes, commas and line breaks", () => {
  expect(toCsv(["a", "b"], [["=1+2", "+44 7700"], ["-2", "@SUM(A1)"], ["\tx", 'say "hi", then\nleave'], [decimal(-1234, 2), null]])).toBe(
    `a,b\r\n'=1+2,'+44 7700\r\n'-2,'@SUM(A1)\r\n'\tx,"say ""hi"", then\nleave"\r\n-12.34,\r\n`,
  );
});

test("a technician cannot open the reports or their CSV (refused and audited); a viewer can", async () => {
  await expect(workshopReport(t1, RANGE)).rejects.toMatchObject({ code: "FORBIDDEN" });
  await expect(reportCsv(t1, "sales", RANGE)).rejects.toMatchObject({ code: "FORBIDDEN" });
  const denied = await withTenant(a.orgId, (tx) => tx.auditLog.findMany({ where: { action: "PERMISSION_DENIED", actorUserId: t1.userId } }));
  expect(denied.map((d) => d.metadata)).toEqual(expect.arrayContaining([expect.objectContaining({ permission: "report.read" })]));
  const viewer = await joinWorkshop(a, "VIEWER", "rep-viewer");
  expect((await workshopReport(viewer, { ...RANGE, by: "month" })).salesTotal.revenueMinor).toBe(82500);
});

test("workshop B sees none of A's figures, technicians or names", async () => {
  for (const by of ["day", "week", "month"] as const) {
    const report = await workshopReport(b, { ...RANGE, by });
    expect(report.sales.every((row) => row.revenueMinor === 0 && row.carCount === 0 && row.partsCostMinor === 0)).toBe(true);
    expect(report.technicians).toEqual([]);
  }
  const csv = (await reportCsv(b, "technicians", RANGE)).body;
  expect(csv).not.toContain("Alex Fitter");
  expect((await reportCsv(b, "sales", RANGE)).body).toContain("Total,2026-03-28,2026-04-01,0,0.00,,");
});
