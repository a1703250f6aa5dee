import { audit } from "@/lib/audit/audit";
import { withTenant, type TenantTx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma, type Customer } from "@/lib/generated/prisma/client";
import { isUuid } from "@/lib/ids";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { phoneKey } from "./phone-key";

export interface MergeCustomersInput {
  /** the customer that stays */
  keepId: string;
  /** the duplicate: its records move to keepId, then it is deleted */
  mergeId: string;
}

type MergeFields = Pick<Customer, "displayName" | "email" | "phone" | "addressLine1" | "city" | "postcode" | "notes">;

const samePhone = (x: string, y: string | null) => x === y || (phoneKey(x) !== null && phoneKey(x) === phoneKey(y));
const hasAddress = (c: MergeFields) => Boolean(c.addressLine1 || c.city || c.postcode);
const addressOf = (c: MergeFields) => [c.addressLine1, c.city, c.postcode].filter(Boolean).join(", ");

/**
 * What the kept customer looks like after the merge. The rules:
 * - name, kind, payment terms and both consents stay the kept customer's own. Consent is what
 *   this person agreed to on this record: an opt-in on the duplicate must not override an
 *   opt-out (or a later withdrawal) on the record being kept.
 * - email and phone: a blank on the kept customer takes the duplicate's.
 * - address: taken as a whole (line, town, postcode) only when the kept customer has none,
 *   so two addresses are never mixed line by line.
 * - notes: the duplicate's notes are appended, under a line naming the duplicate, together with
 *   any email, phone (unless it is the same number written another way) or address of the
 *   duplicate that was not taken, so nothing is lost.
 */
export function mergedCustomerFields(keep: MergeFields, merge: MergeFields) {
  const data: Partial<Pick<Customer, "email" | "phone" | "addressLine1" | "city" | "postcode" | "notes">> = {};
  const filled: string[] = [];
  const kept: string[] = [];
  if (!keep.email && merge.email) {
    data.email = merge.email;
    filled.push("email");
  } else if (merge.email && merge.email !== keep.email) {
    kept.push(`Email: ${merge.email}`);
  }
  if (!keep.phone && merge.phone) {
    data.phone = merge.phone;
    filled.push("phone");
  } else if (merge.phone && !samePhone(merge.phone, keep.phone)) {
    kept.push(`Phone: ${merge.phone}`);
  }
  if (!hasAddress(keep) && hasAddress(merge)) {
    Object.assign(data, { addressLine1: merge.addressLine1, city: merge.city, postcode: merge.postcode });
    filled.push("address");
  } else if (hasAddress(merge) && addressOf(merge) !== addressOf(keep)) {
    kept.push(`Address: ${addressOf(merge)}`);
  }
  if (merge.notes) kept.push(merge.notes);
  if (kept.length > 0) {
    const block = [`Merged from “${merge.displayName}”:`, ...kept].join("\n");
    data.notes = keep.notes ? `${keep.notes}\n\n${block}` : block;
    filled.push("notes");
  }
  return { data, filled };
}

async function lockCustomers(tx: TenantTx, ids: [string, string]) {
  // Row locks (in id order, so two merges of one pair cannot deadlock) hold off concurrent
  // merges, edits and new repair orders for either customer until this one commits.
  const rows = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT id FROM "Customer" WHERE id IN (${ids[0]}::uuid, ${ids[1]}::uuid) ORDER BY id FOR UPDATE`;
  if (rows.length !== 2) throw new AppError("NOT_FOUND", "That customer was not found.");
}

/**
 * Merges a duplicate customer into the one kept, in one transaction: the duplicate's vehicles
 * (their recommendations follow them), repair orders (as customer and as bill-to) and invoices
 * move over, blank fields are filled (see mergedCustomerFields), and the duplicate is deleted.
 * The audit entry holds the two ids, the counts moved and the names of the fields filled: no
 * personal data.
 */
export async function mergeCustomers(ctx: OrgContext, input: MergeCustomersInput) {
  await authorize(ctx, "customer.merge");
  const { keepId, mergeId } = input;
  if (!isUuid(keepId) || !isUuid(mergeId)) throw new AppError("NOT_FOUND", "That customer was not found.");
  if (keepId === mergeId) {
    throw new AppError("VALIDATION_FAILED", "A customer cannot be merged into itself.", { fields: { mergeId: "Choose another customer: this is the same one." } });
  }
  return withTenant(ctx.orgId, async (tx) => {
    await lockCustomers(tx, [keepId, mergeId]);
    const keep = await tx.customer.findFirstOrThrow({ where: { id: keepId } });
    const merge = await tx.customer.findFirstOrThrow({ where: { id: mergeId } });

    const recommendations = await tx.recommendation.count({ where: { vehicle: { customerId: mergeId } } });
    const vehicles = await tx.vehicle.updateMany({ where: { customerId: mergeId }, data: { customerId: keepId } });
    const contacts = await tx.customerContact.updateMany({ where: { customerId: mergeId }, data: { customerId: keepId } });
    const repairOrders = await tx.repairOrder.updateMany({ where: { customerId: mergeId }, data: { customerId: keepId } });
    const billedRepairOrders = await tx.repairOrder.updateMany({ where: { billToCustomerId: mergeId }, data: { billToCustomerId: keepId } });
    // The one change an issued invoice allows (a column grant, and the immutability trigger checks it again).
    const invoices = await tx.invoice.updateMany({ where: { customerId: mergeId }, data: { customerId: keepId } });

    const { data, filled } = mergedCustomerFields(keep, merge);
    const customer = filled.length > 0
      ? await tx.customer.update({ where: { organizationId_id: { organizationId: ctx.orgId, id: keepId } }, data })
      : keep;
    await tx.customer.delete({ where: { organizationId_id: { organizationId: ctx.orgId, id: mergeId } } }).catch((error: unknown) => {
      // Something still points at the duplicate that this merge does not know how to move: change nothing.
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2003") {
        throw new AppError("CONFLICT", "The duplicate still has records that cannot be moved; nothing was merged.", { internal: error.message });
      }
      throw error;
    });

    const moved = {
      vehicles: vehicles.count,
      contacts: contacts.count,
      repairOrders: repairOrders.count,
      billedRepairOrders: billedRepairOrders.count,
      invoices: invoices.count,
      recommendations,
    };
    await audit(tx, actorOf(ctx), "customer.merge", { type: "Customer", id: keepId }, { keptId: keepId, mergedId: mergeId, moved, filled });
    return { customer, moved, filled };
  });
}
