import { z } from "zod";
import { db, withTenant } from "@/lib/db";
import type { Prisma, RepairOrderStatus } from "@/lib/generated/prisma/client";
import type { OrgContext } from "@/lib/org/context";
import { authorize, can } from "@/lib/rbac";
import { permissionFor, TRANSITIONS } from "./status";
import { listTechnicians } from "./technicians";
import { visibleTo } from "./visibility";

/** The columns of the workshop floor, in the order work moves through them. */
export const BOARD_COLUMNS: RepairOrderStatus[] = ["ESTIMATE", "AWAITING_APPROVAL", "APPROVED", "IN_PROGRESS", "WAITING_PARTS", "READY"];

export const DUE_FILTERS = ["overdue", "today", "week"] as const;
export type DueFilter = (typeof DUE_FILTERS)[number];

/**
 * The board's filters as they come from the URL. Anything unrecognised means
 * "all" rather than an error: a shared link with a stale value still opens.
 */
export const ZBoardFilters = z.object({
  /** a member's user id, or "none" for unassigned work */
  technician: z.union([z.literal("none"), z.string().uuid()]).optional().catch(undefined),
  due: z.enum(DUE_FILTERS).optional().catch(undefined),
});
export type BoardFilters = z.infer<typeof ZBoardFilters>;

/** Wall-clock offset of a time zone from UTC at an instant, in ms (whole seconds). */
function zoneOffsetMs(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric",
  }).formatToParts(new Date(instant));
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(part("year"), part("month") - 1, part("day"), part("hour"), part("minute"), part("second"));
  return wall - Math.floor(instant / 1000) * 1000;
}

/** The instant a local calendar day begins in a time zone (day may overflow: Date.UTC normalizes it). */
function localMidnight(year: number, month: number, day: number, timeZone: string): Date {
  const wall = Date.UTC(year, month, day);
  // Twice: the offset at the first guess may differ (a DST change between UTC and local midnight).
  const first = wall - zoneOffsetMs(wall, timeZone);
  return new Date(wall - zoneOffsetMs(first, timeZone));
}

/**
 * The promised-time window of a filter, in the workshop's time zone: overdue is
 * before now; today is the local calendar day; this week is Monday to Sunday.
 */
export function promisedWindow(due: DueFilter, now: Date, timeZone: string): Prisma.DateTimeNullableFilter {
  if (due === "overdue") return { lt: now };
  const local = new Date(now.getTime() + zoneOffsetMs(now.getTime(), timeZone));
  const [year, month, day] = [local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()];
  if (due === "today") return { gte: localMidnight(year, month, day, timeZone), lt: localMidnight(year, month, day + 1, timeZone) };
  const monday = day - ((local.getUTCDay() + 6) % 7);
  return { gte: localMidnight(year, month, monday, timeZone), lt: localMidnight(year, month, monday + 7, timeZone) };
}

function technicianWhere(technician: BoardFilters["technician"]): Prisma.RepairOrderWhereInput {
  if (technician === undefined) return {};
  return { technicianUserId: technician === "none" ? null : technician };
}

/**
 * Open repair orders by status, promised-soonest first within a column, as the
 * member may see them (technicians: their own work), narrowed by the filters.
 */
export async function jobBoard(ctx: OrgContext, filters: BoardFilters = {}, now = new Date()) {
  await authorize(ctx, "repairOrder.read");
  let promised: Prisma.RepairOrderWhereInput = {};
  if (filters.due) {
    const { timezone } = await db().organization.findUniqueOrThrow({ where: { id: ctx.orgId }, select: { timezone: true } });
    promised = { promisedAt: promisedWindow(filters.due, now, timezone) };
  }
  const orders = await withTenant(ctx.orgId, (tx) =>
    tx.repairOrder.findMany({
      // onBoard (a trigger keeps it equal to "status is a board column") can use its index under RLS; the enum cannot.
      where: { AND: [{ onBoard: true }, visibleTo(ctx), technicianWhere(filters.technician), promised] },
      orderBy: [{ promisedAt: { sort: "asc", nulls: "last" } }, { number: "asc" }],
      take: 500,
      include: {
        vehicle: { select: { registration: true, vin: true, make: true, model: true } },
        customer: { select: { displayName: true } },
      },
    }),
  );
  return BOARD_COLUMNS.map((status) => ({
    status,
    orders: orders
      .filter((order) => order.status === status)
      .map((order) => ({ ...order, overdue: order.promisedAt !== null && order.promisedAt < now })),
  }));
}

/**
 * Per column, the columns this member may move a card to: legal transitions
 * their role allows. For the UI only; moveRepairOrder decides.
 */
export function boardMoves(ctx: Pick<OrgContext, "role">): Record<RepairOrderStatus, RepairOrderStatus[]> {
  return Object.fromEntries(
    BOARD_COLUMNS.map((from) => [from, TRANSITIONS[from].filter((to) => BOARD_COLUMNS.includes(to) && can(ctx, permissionFor(to)))]),
  ) as Record<RepairOrderStatus, RepairOrderStatus[]>;
}

/**
 * Who the board can be filtered by: the workshop's technicians and anyone
 * else with open work assigned (an advisor who also fixes cars; a former
 * member, named as such).
 */
export async function boardTechnicians(ctx: OrgContext): Promise<Array<{ userId: string; name: string }>> {
  const [members, assigned] = await Promise.all([
    listTechnicians(ctx),
    withTenant(ctx.orgId, (tx) =>
      tx.repairOrder.findMany({ where: { AND: [{ onBoard: true, technicianUserId: { not: null } }, visibleTo(ctx)] }, distinct: ["technicianUserId"], select: { technicianUserId: true } }),
    ),
  ]);
  const assignedIds = new Set(assigned.map((order) => order.technicianUserId));
  const listed = members.filter((member) => member.role === "TECHNICIAN" || assignedIds.has(member.userId));
  const former = [...assignedIds]
    .filter((id): id is string => id !== null && !members.some((member) => member.userId === id))
    .map((userId) => ({ userId, name: "Former member" }));
  return [...listed.map(({ userId, name }) => ({ userId, name })), ...former];
}
