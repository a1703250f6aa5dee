import type { RepairOrderStatus } from "@/lib/generated/prisma/client";
import type { Permission } from "@/lib/rbac";

/** Every legal move. Anything not listed is refused. */
export const TRANSITIONS: Record<RepairOrderStatus, readonly RepairOrderStatus[]> = {
  ESTIMATE: ["AWAITING_APPROVAL", "APPROVED", "CANCELLED"],
  AWAITING_APPROVAL: ["APPROVED", "ESTIMATE", "CANCELLED"],
  APPROVED: ["IN_PROGRESS", "CANCELLED"],
  IN_PROGRESS: ["WAITING_PARTS", "READY"],
  WAITING_PARTS: ["IN_PROGRESS", "READY"],
  READY: ["INVOICED", "IN_PROGRESS"],
  INVOICED: ["CLOSED"],
  CLOSED: [],
  CANCELLED: [],
};

export const canMove = (from: RepairOrderStatus, to: RepairOrderStatus) => TRANSITIONS[from].includes(to);

/** What a move asks of the member: approving records the customer's yes; cancelling and closing are the advisor's. */
export function permissionFor(to: RepairOrderStatus): Permission {
  if (to === "APPROVED") return "approval.record";
  if (to === "CANCELLED") return "repairOrder.cancel";
  if (to === "CLOSED" || to === "INVOICED") return "repairOrder.close";
  return "repairOrder.update";
}

/** While work can still be added or priced. */
export const EDITABLE: ReadonlySet<RepairOrderStatus> = new Set(["ESTIMATE", "AWAITING_APPROVAL", "APPROVED", "IN_PROGRESS", "WAITING_PARTS"]);
