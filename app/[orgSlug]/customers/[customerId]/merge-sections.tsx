import Link from "next/link";
import { MergeCustomerConfirm, MergeVehicleConfirm } from "@/components/customers/merge-forms";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { likelyDuplicates } from "@/lib/customers/likely-duplicates";
import { customerMergePreview } from "@/lib/customers/merge-preview";
import { AppError } from "@/lib/errors";
import type { Customer, Vehicle } from "@/lib/generated/prisma/client";
import type { OrgContext } from "@/lib/org/context";
import { searchWorkshop, ZSearch } from "@/lib/search/search-workshop";
import { vehicleMergePreview } from "@/lib/vehicles/merge-vehicles";

/** Expected refusals (not found, same record, different customers) become a message; anything else is a 500. */
async function attempt<T>(work: () => Promise<T>): Promise<{ value: T } | { error: string }> {
  try {
    return { value: await work() };
  } catch (error) {
    if (error instanceof AppError && (error.code === "NOT_FOUND" || error.code === "VALIDATION_FAILED")) return { error: error.message };
    throw error;
  }
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const link = "font-medium text-blue-700 underline underline-offset-2 hover:text-blue-900";

interface CustomerMergeParams {
  merge?: string;
  mergeQ?: string;
  mergeId?: string;
}

/**
 * "Merge a duplicate into this customer": find the duplicate (likely duplicates, or a search),
 * review what moves and what is filled in, then confirm. Steps are links and GET forms, so the
 * page works without JavaScript and by keyboard; only the confirm posts.
 */
export async function CustomerMergeSection({ ctx, customer, params }: { ctx: OrgContext; customer: Pick<Customer, "id" | "displayName">; params: CustomerMergeParams }) {
  const base = `/${ctx.orgSlug}/customers/${customer.id}`;
  const title = "Merge a duplicate into this customer";
  if (params.mergeId) {
    const preview = await attempt(() => customerMergePreview(ctx, customer.id, params.mergeId!));
    if ("value" in preview) {
      const { merge, counts, data, filled } = preview.value;
      return (
        <Card title={title}>
          <div id="merge-customer" className="flex flex-col gap-3">
            <p>
              <Link className={link} href={`/${ctx.orgSlug}/customers/${merge.id}`}>{merge.displayName}</Link>
              {" "}({[merge.email, merge.phone].filter(Boolean).join(" · ") || "no email or phone"}) will be merged into {customer.displayName}, then deleted.
            </p>
            <ul className="list-disc pl-5 text-sm text-slate-800">
              <li>Moves here: {plural(counts.vehicles, "vehicle")}, {plural(counts.repairOrders, "repair order")}, {plural(counts.billedRepairOrders, "repair order")} billed to them, {plural(counts.invoices, "invoice or credit note", "invoices and credit notes")}.</li>
              <li>{filled.length === 0 ? "Fills in nothing: this customer already has those details." : `Fills in: ${filled.join(", ")}.`}</li>
              <li>Stay this customer&apos;s own: name, type, payment terms, and marketing and text message consent.</li>
            </ul>
            {data.notes ? (
              <div>
                <p className="text-sm font-medium text-slate-800">Notes after the merge</p>
                <pre className="mt-1 whitespace-pre-wrap rounded-md bg-slate-50 p-3 text-sm text-slate-800">{data.notes}</pre>
              </div>
            ) : null}
            <MergeCustomerConfirm orgSlug={ctx.orgSlug} keepId={customer.id} mergeId={merge.id} duplicateName={merge.displayName} />
            <p className="text-sm"><Link className={link} href={`${base}?merge=find#merge-customer`}>Choose another customer</Link></p>
          </div>
        </Card>
      );
    }
    return (
      <Card title={title}>
        <div id="merge-customer" className="flex flex-col gap-3">
          <Notice tone="error">{preview.error}</Notice>
          <CustomerFinder ctx={ctx} customer={customer} query="" />
        </div>
      </Card>
    );
  }
  if (params.merge === "find" || params.mergeQ !== undefined) {
    return (
      <Card title={title}>
        <div id="merge-customer"><CustomerFinder ctx={ctx} customer={customer} query={params.mergeQ ?? ""} /></div>
      </Card>
    );
  }
  return (
    <Card title={title} description="Moves a duplicate's vehicles, repair orders and invoices here and fills in what this customer is missing.">
      <Link id="merge-customer" className={buttonClass("secondary")} href={`${base}?merge=find#merge-customer`}>Find duplicates</Link>
    </Card>
  );
}

async function CustomerFinder({ ctx, customer, query }: { ctx: OrgContext; customer: Pick<Customer, "id" | "displayName">; query: string }) {
  const base = `/${ctx.orgSlug}/customers/${customer.id}`;
  const search = query ? ZSearch.safeParse(query) : null;
  const candidates = search?.success
    ? (await searchWorkshop(ctx, search.data, { kinds: ["customer"] }))
        .filter((hit) => hit.id !== customer.id)
        .map((hit) => ({ id: hit.id, name: hit.title, why: hit.detail }))
    : search
      ? []
      : (await likelyDuplicates(ctx, customer.id)).map((c) => ({
          id: c.id,
          name: c.displayName,
          why: [
            c.sameEmail ? "same email" : null,
            c.samePhone ? "same phone" : null,
            !c.sameEmail && !c.samePhone ? "similar name" : null,
            [c.email, c.phone].filter(Boolean).join(" · "),
            `${c.vehicles} vehicle${c.vehicles === 1 ? "" : "s"}`,
          ].filter(Boolean).join(" · "),
        }));
  return (
    <div className="flex flex-col gap-4">
      <form role="search" action={`${base}#merge-customer`} className="flex gap-2">
        <input type="hidden" name="merge" value="find" />
        <label htmlFor="merge-search" className="sr-only">Search for the duplicate</label>
        <input id="merge-search" name="mergeQ" type="search" defaultValue={query} maxLength={100} placeholder="Search by name, email or phone" className="w-full rounded-md border border-slate-300 bg-white px-3 py-2" />
        <button type="submit" className={buttonClass("secondary")}>Search</button>
      </form>
      {search && !search.success ? <Notice tone="error">{search.error.issues[0]?.message}</Notice> : null}
      <form action={`${base}#merge-customer`} className="flex flex-col gap-3">
        <fieldset>
          <legend className="mb-2 text-sm font-medium text-slate-800">{query ? `Customers matching “${query}”` : "Likely duplicates (same email, same phone or a similar name)"}</legend>
          {candidates.length === 0 ? <p className="text-sm text-slate-700">No {query ? "matches" : "likely duplicates"}. Search by name, email or phone above.</p> : null}
          <ul className="flex flex-col gap-2">
            {candidates.map((candidate, index) => (
              <li key={candidate.id}>
                <label className="flex items-start gap-2">
                  <input type="radio" name="mergeId" value={candidate.id} defaultChecked={index === 0} required className="mt-1 h-5 w-5" />
                  <span><span className="font-medium">{candidate.name}</span> <span className="text-sm text-slate-600">{candidate.why}</span></span>
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
        {candidates.length > 0 ? <div><button type="submit" className={buttonClass("primary")}>Review merge</button></div> : null}
      </form>
    </div>
  );
}

type VehicleSummary = Pick<Vehicle, "id" | "registration" | "vin" | "make" | "model" | "year" | "odometer">;

const vehicleLabel = (v: VehicleSummary) => v.registration ?? v.vin ?? "vehicle";
const vehicleOption = (v: VehicleSummary) =>
  [vehicleLabel(v), [v.make, v.model, v.year].filter(Boolean).join(" "), v.vin && v.registration ? `VIN …${v.vin.slice(-6)}` : null].filter(Boolean).join(" · ");
const compactPlate = (v: VehicleSummary) => v.registration?.replace(/\s+/g, "") ?? null;

/** The likeliest duplicate pair: the same plate written two ways, else the first two vehicles. */
function likelyPair(vehicles: VehicleSummary[]): [string, string] {
  for (const [i, one] of vehicles.entries()) {
    const other = vehicles.slice(i + 1).find((v) => compactPlate(v) !== null && compactPlate(v) === compactPlate(one));
    if (other) return [one.id, other.id];
  }
  return [vehicles[0]!.id, vehicles[1]!.id];
}

/** "Merge duplicate vehicles" among this customer's vehicles: choose the pair, review, confirm. */
export async function VehicleMergeSection({ ctx, customerId, vehicles, params }: {
  ctx: OrgContext;
  customerId: string;
  vehicles: VehicleSummary[];
  params: { keepVehicle?: string; mergeVehicle?: string };
}) {
  if (vehicles.length < 2) return null;
  const base = `/${ctx.orgSlug}/customers/${customerId}`;
  const [likelyKeep, likelyMerge] = likelyPair(vehicles);
  const chosen = params.keepVehicle && params.mergeVehicle
    ? await attempt(() => vehicleMergePreview(ctx, { keepId: params.keepVehicle!, mergeId: params.mergeVehicle! }))
    : null;
  const options = vehicles.map((v) => ({ value: v.id, label: vehicleOption(v) }));
  const select = "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-slate-900";
  return (
    <Card title="Merge duplicate vehicles" description="Moves the duplicate's repair orders and recommendations to the vehicle kept, fills in what it is missing, keeps the higher odometer, then deletes the duplicate.">
      <div id="merge-vehicle" className="flex flex-col gap-4">
        {chosen && "value" in chosen ? (
          <div className="flex flex-col gap-3 rounded-md border border-slate-200 p-3">
            <p>
              {vehicleOption(chosen.value.merge)} will be merged into {vehicleOption(chosen.value.keep)}, then deleted.
            </p>
            <ul className="list-disc pl-5 text-sm text-slate-800">
              <li>Moves: {plural(chosen.value.counts.repairOrders, "repair order")}, {plural(chosen.value.counts.recommendations, "recommendation")}.</li>
              <li>{chosen.value.filled.length === 0 ? "Nothing to fill in." : `Fills in: ${chosen.value.filled.join(", ")}.`}</li>
            </ul>
            <MergeVehicleConfirm orgSlug={ctx.orgSlug} keepId={chosen.value.keep.id} mergeId={chosen.value.merge.id} duplicateLabel={vehicleLabel(chosen.value.merge)} />
          </div>
        ) : null}
        {chosen && "error" in chosen ? <Notice tone="error">{chosen.error}</Notice> : null}
        <form action={`${base}#merge-vehicle`} className="flex flex-col gap-3">
          <div className="grid gap-4 sm:grid-cols-2">
            <div className="flex flex-col gap-1">
              <label htmlFor="keep-vehicle" className="text-sm font-medium text-slate-800">Keep</label>
              <select id="keep-vehicle" name="keepVehicle" defaultValue={params.keepVehicle ?? likelyKeep} className={select}>
                {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
              </select>
            </div>
            <div className="flex flex-col gap-1">
              <label htmlFor="merge-vehicle-id" className="text-sm font-medium text-slate-800">Duplicate to merge and delete</label>
              <select id="merge-vehicle-id" name="mergeVehicle" defaultValue={params.mergeVehicle ?? likelyMerge} className={select}>
                {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
              </select>
            </div>
          </div>
          <div><button type="submit" className={buttonClass("secondary")}>Review merge</button></div>
        </form>
      </div>
    </Card>
  );
}
