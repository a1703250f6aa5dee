// Helpers for the parts, stock and purchasing suites: a repair order with a
// catalogue part line, the ledger as the database holds it, and a snapshot of a
// workshop's stock and purchasing rows to prove an attack changed nothing.
import type pg from "pg";
import { createCustomer } from "@/lib/customers/create-customer";
import type { OrgContext } from "@/lib/org/context";
import { createRepairOrder } from "@/lib/repair-orders/create-repair-order";
import { addJob, addLine, ZAddLine } from "@/lib/repair-orders/edit-jobs";
import { addVehicle, ZVehicle } from "@/lib/vehicles/save-vehicle";

let plates = 0;

/** A new customer's repair order with one job holding a part line for the catalogue part. */
export async function orderWithPartLine(ctx: OrgContext, partId: string, quantity = "1") {
  plates += 1;
  const customer = await createCustomer(ctx, { kind: "PERSON", displayName: `Parts customer ${plates}` });
  const vehicle = await addVehicle(ctx, customer.id, ZVehicle.parse({ registration: `PT${String(plates).padStart(2, "0")} ABC` }));
  const order = await createRepairOrder(ctx, { customerId: customer.id, vehicleId: vehicle.id });
  const job = await addJob(ctx, { repairOrderId: order.id, title: "Fit parts" });
  const line = await addLine(ctx, ZAddLine.parse({ jobId: job.id, kind: "PART", partId, quantity }));
  return { order, job, line };
}

/** On hand at a location, and the sum of that part's ledger there: always equal. */
export async function balanceAndLedger(superuser: pg.Pool, orgId: string, partId: string, locationId: string) {
  const { rows } = await superuser.query<{ on_hand: number | null; ledger: string | null; movements: string }>(
    `SELECT (SELECT "onHandMilli" FROM "StockLevel" WHERE "organizationId" = $1 AND "partId" = $2 AND "locationId" = $3) AS on_hand,
            (SELECT sum("quantityMilli") FROM "StockMovement" WHERE "organizationId" = $1 AND "partId" = $2 AND "locationId" = $3) AS ledger,
            (SELECT count(*) FROM "StockMovement" WHERE "organizationId" = $1 AND "partId" = $2 AND "locationId" = $3) AS movements`,
    [orgId, partId, locationId],
  );
  const row = rows[0]!;
  return { onHandMilli: row.on_hand ?? 0, ledgerMilli: Number(row.ledger ?? 0), movements: Number(row.movements) };
}

const TABLES = ["Part", "Supplier", "StockLevel", "StockMovement", "PurchaseOrder", "PurchaseOrderLine", "JobLine", "AuditLog"] as const;

/** Every stock and purchasing row of a workshop (and its audit log and PO counter), as the database holds them. */
export async function workshopSnapshot(superuser: pg.Pool, orgId: string) {
  const snapshot: Record<string, unknown> = {};
  for (const table of TABLES) {
    const { rows } = await superuser.query(`SELECT to_jsonb(t) AS row FROM "${table}" t WHERE "organizationId" = $1 ORDER BY id`, [orgId]);
    snapshot[table] = rows.map((r: { row: unknown }) => r.row);
  }
  const { rows } = await superuser.query(`SELECT "nextPurchaseOrderNumber" FROM "Organization" WHERE id = $1`, [orgId]);
  snapshot.nextPurchaseOrderNumber = rows[0];
  return snapshot;
}

/** The workshop's first location (made at sign-up): where repair orders take their parts from. */
export async function firstLocationId(superuser: pg.Pool, orgId: string): Promise<string> {
  const { rows } = await superuser.query<{ id: string }>(`SELECT id FROM "Location" WHERE "organizationId" = $1 ORDER BY "createdAt", id LIMIT 1`, [orgId]);
  return rows[0]!.id;
}
