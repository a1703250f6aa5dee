import type { z } from "zod";
import { withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/forms/parse-input";
import type { Prisma } from "@/lib/generated/prisma/client";
import { isUuid } from "@/lib/ids";
import type { OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { ZListAppointments } from "./appointment-input";
import { APPOINTMENT_DETAILS } from "./list-calendar-appointments";

interface Position {
  startsAt: Date;
  id: string;
}

/** Opaque to clients: the last row's start and id, so a page never skips or repeats a row when others are added. */
export const encodeCursor = (row: Position) => Buffer.from(`${row.startsAt.toISOString()}|${row.id}`).toString("base64url");

function decodeCursor(cursor: string): Position {
  const [iso, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const startsAt = new Date(iso ?? "");
  if (!id || !isUuid(id) || Number.isNaN(startsAt.getTime())) {
    throw new AppError("VALIDATION_FAILED", "This page link is not valid.", { fields: { cursor: "This page link is not valid. Start again from the first page." } });
  }
  return { startsAt, id };
}

/**
 * The workshop's appointments by start time (then id), a page at a time, with
 * optional filters; `nextCursor` is null on the last page. Filters naming
 * another workshop's location or customer simply match nothing.
 */
export async function listAppointments(ctx: OrgContext, raw: z.input<typeof ZListAppointments> = {}) {
  await authorize(ctx, "appointment.read");
  const input = parseInput(ZListAppointments, raw);
  const filters: Prisma.AppointmentWhereInput[] = [];
  if (input.locationId) filters.push({ locationId: input.locationId });
  if (input.customerId) filters.push({ customerId: input.customerId });
  if (input.status) filters.push({ status: input.status });
  if (input.from) filters.push({ startsAt: { gte: new Date(input.from) } });
  if (input.to) filters.push({ startsAt: { lt: new Date(input.to) } });
  if (input.cursor) {
    const after = decodeCursor(input.cursor);
    filters.push({ OR: [{ startsAt: { gt: after.startsAt } }, { startsAt: after.startsAt, id: { gt: after.id } }] });
  }
  const rows = await withTenant(ctx.orgId, (tx) =>
    tx.appointment.findMany({
      where: { AND: filters },
      include: APPOINTMENT_DETAILS,
      orderBy: [{ startsAt: "asc" }, { id: "asc" }],
      take: input.limit + 1,
    }),
  );
  const items = rows.slice(0, input.limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > input.limit && last ? encodeCursor(last) : null };
}
