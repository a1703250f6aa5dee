import type { SearchHit } from "./search-workshop";

/** Where a search hit opens: a vehicle opens its customer's page (vehicles have no page of their own). */
export function hitHref(orgSlug: string, hit: Pick<SearchHit, "kind" | "id" | "customerId">): string {
  switch (hit.kind) {
    case "customer":
      return `/${orgSlug}/customers/${hit.id}`;
    case "vehicle":
      return `/${orgSlug}/customers/${hit.customerId}`;
    case "repairOrder":
      return `/${orgSlug}/repair-orders/${hit.id}`;
    case "invoice":
    case "creditNote":
      return `/${orgSlug}/invoices/${hit.id}`;
  }
}

export const HIT_LABELS: Record<SearchHit["kind"], string> = {
  customer: "Customer",
  vehicle: "Vehicle",
  repairOrder: "Repair order",
  invoice: "Invoice",
  creditNote: "Credit note",
};
