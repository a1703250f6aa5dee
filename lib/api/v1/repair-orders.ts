import { z } from "zod";
import { RepairOrderStatus } from "@/lib/generated/prisma/client";
import { createRepairOrder, ZCreateRepairOrder } from "@/lib/repair-orders/create-repair-order";
import { getRepairOrder } from "@/lib/repair-orders/get-repair-order";
import { listRepairOrders } from "@/lib/repair-orders/list-repair-orders";
import { updateRepairOrder } from "@/lib/repair-orders/update-repair-order";
import { defineListOperation, defineOperation, keysetList } from "../operation";
import { repairOrderDto, ZRepairOrderDto } from "./repair-order-dto";
import { mergePatch, ZIdParams, ZSinceQuery, ZUuid } from "./schema-parts";

const output = { name: "RepairOrder", schema: ZRepairOrderDto };
const tag = "Repair orders";

const ZRepairOrderCreate = z
  .object({
    customerId: ZUuid("The customer whose car it is."),
    vehicleId: ZUuid("One of the customer's vehicles."),
    billToCustomerId: ZUuid("Who pays, when not the customer (a fleet for its driver).").optional(),
    odometerIn: z.int().min(0).max(5_000_000).optional().meta({ description: "Never lower than the vehicle's last reading; updates it." }),
    promisedAt: z.iso.datetime({ offset: true }).optional().meta({ description: "When the car was promised back (ISO 8601)." }),
    concerns: z.string().max(4000).optional().meta({ description: "What the customer reports." }),
  })
  .strict();

const ZRepairOrderPatch = z
  .object({
    status: z.enum(RepairOrderStatus).optional().meta({
      description: "Moves the order by the job board's rules (409 CONFLICT for an illegal move). INVOICED happens by issuing the invoice in AWMS.",
    }),
    promisedAt: z.iso.datetime({ offset: true }).nullable().optional(),
    concerns: z.string().max(4000).nullable().optional(),
  })
  .strict();

export const listRepairOrdersOperation = defineListOperation({
  operationId: "listRepairOrders",
  path: "/repair-orders",
  tag,
  summary: "List repair orders",
  description: "Oldest first, with their jobs, lines and totals.",
  scope: "READ",
  query: z
    .object({
      status: z.enum(RepairOrderStatus).optional(),
      customerId: ZUuid("Only this customer's repair orders.").optional(),
      vehicleId: ZUuid("Only this vehicle's repair orders.").optional(),
      updatedSince: ZSinceQuery.optional().meta({ description: "Only repair orders changed at or after this time (ISO 8601)." }),
    })
    .strict(),
  output,
  handler: (ctx, { query, page }) =>
    keysetList(page, async (keyset) => {
      const { items, nextAfterId } = await listRepairOrders(ctx, query, keyset);
      return { items: items.map(repairOrderDto), nextAfterId };
    }),
});

export const getRepairOrderOperation = defineOperation({
  operationId: "getRepairOrder",
  method: "GET",
  path: "/repair-orders/{id}",
  tag,
  summary: "Get a repair order",
  scope: "READ",
  params: ZIdParams("repair order"),
  output,
  handler: async (ctx, { params }) => repairOrderDto(await getRepairOrder(ctx, params.id)),
});

export const createRepairOrderOperation = defineOperation({
  operationId: "createRepairOrder",
  method: "POST",
  path: "/repair-orders",
  tag,
  summary: "Open a repair order",
  description: "Takes the workshop's next number. Counts against the plan's monthly repair orders (402 QUOTA_EXCEEDED when used up).",
  scope: "READ_WRITE",
  body: ZRepairOrderCreate,
  output,
  handler: async (ctx, { body }) => {
    const order = await createRepairOrder(ctx, ZCreateRepairOrder.parse(mergePatch({}, body)));
    return repairOrderDto(await getRepairOrder(ctx, order.id));
  },
});

export const updateRepairOrderOperation = defineOperation({
  operationId: "updateRepairOrder",
  method: "PATCH",
  path: "/repair-orders/{id}",
  tag,
  summary: "Update a repair order",
  description: "Changes the promised time and concerns and/or moves the status, all or nothing; `null` clears a field.",
  scope: "READ_WRITE",
  params: ZIdParams("repair order"),
  body: ZRepairOrderPatch,
  output,
  handler: async (ctx, { params, body }) => {
    await updateRepairOrder(ctx, params.id, {
      ...(body.status ? { status: body.status } : {}),
      ...(body.promisedAt !== undefined ? { promisedAt: body.promisedAt === null ? null : new Date(body.promisedAt) } : {}),
      ...(body.concerns !== undefined ? { concerns: body.concerns?.trim() || null } : {}),
    });
    return repairOrderDto(await getRepairOrder(ctx, params.id));
  },
});
