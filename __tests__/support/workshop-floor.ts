// Repair orders with work, through the real lib: for the time-entry and report suites.
import type pg from "pg";
import { recordApproval } from "@/lib/approvals/record-approval";
import { createCustomer } from "@/lib/customers/create-customer";
import type { OrgContext } from "@/lib/org/context";
import { assignTechnician } from "@/lib/repair-orders/assign-technician";
import { createRepairOrder } from "@/lib/repair-orders/create-repair-order";
import { addJob, addLine, ZAddLine } from "@/lib/repair-orders/edit-jobs";
import { moveRepairOrder } from "@/lib/repair-orders/move-repair-order";
import { addVehicle, ZVehicle } from "@/lib/vehicles/save-vehicle";
import type { z } from "zod";

type Line = Omit<z.input<typeof ZAddLine>, "jobId">;
export interface JobSpec {
  title: string;
  lines: Line[];
  decision?: "APPROVED" | "DECLINED" | "DEFERRED" | "PENDING";
}

let plates = 0;

/** A repair order with jobs and lines; each job decided as asked (approved by default) and the order moved to `status`. */
export async function orderWithJobs(ctx: OrgContext, jobs: JobSpec[], status: "ESTIMATE" | "APPROVED" | "IN_PROGRESS" = "IN_PROGRESS", technicianUserId?: string) {
  const customer = await createCustomer(ctx, { kind: "PERSON", displayName: `Floor customer ${(plates += 1)}` });
  const vehicle = await addVehicle(ctx, customer.id, ZVehicle.parse({ registration: `FL${plates} ABC`, make: "Ford", model: "Focus" }));
  const order = await createRepairOrder(ctx, { customerId: customer.id, vehicleId: vehicle.id });
  const created = [];
  for (const spec of jobs) {
    const job = await addJob(ctx, { repairOrderId: order.id, title: spec.title });
    for (const line of spec.lines) await addLine(ctx, ZAddLine.parse({ ...line, jobId: job.id }));
    created.push(job);
  }
  if (technicianUserId) await assignTechnician(ctx, order.id, technicianUserId);
  if (status !== "ESTIMATE") {
    const decisions = Object.fromEntries(created.map((job, i) => [job.id, jobs[i]!.decision ?? "APPROVED"]).filter(([, d]) => d !== "PENDING"));
    await recordApproval(ctx, { repairOrderId: order.id, approverName: customer.displayName, channel: "IN_PERSON" }, decisions);
    if (status === "IN_PROGRESS") await moveRepairOrder(ctx, order.id, "IN_PROGRESS");
  }
  return { order, jobs: created, customer };
}

/**
 * Rewrites when something happened, as a superuser with triggers off for the
 * statement (session_replication_role = replica): issued invoices refuse every
 * change, and the app only ever issues "now". For fixtures in the past only.
 */
export async function backdate(superuser: pg.Pool, table: "Invoice" | "JobLine", column: "issuedAt" | "createdAt", ids: string[], at: string) {
  const client = await superuser.connect();
  try {
    await client.query("BEGIN");
    await client.query("SET LOCAL session_replication_role = replica");
    await client.query(`UPDATE "${table}" SET "${column}" = $2::timestamptz WHERE id = ANY($1::uuid[])`, [ids, at]);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  } finally {
    client.release();
  }
}
