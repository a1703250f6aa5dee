import type { Metadata } from "next";
import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { listCustomers } from "@/lib/customers/customer-file";
import { requirePermission } from "@/lib/org/require-permission";
import { can } from "@/lib/rbac";
import { HIT_LABELS, hitHref } from "@/lib/search/hit-href";
import { searchWorkshop, ZSearch } from "@/lib/search/search-workshop";
import { readQuery, type QueryParams } from "@/lib/http/query-params";

export const metadata: Metadata = { title: "Customers" };

export default async function CustomersPage({ params, searchParams }: { params: Promise<{ orgSlug: string }>; searchParams: Promise<QueryParams> }) {
  const { orgSlug } = await params;
  const { q = "" } = await readQuery(searchParams, "q");
  const ctx = await requirePermission(orgSlug, "customer.read");
  const query = ZSearch.safeParse(q);
  const hits = query.success ? await searchWorkshop(ctx, query.data, { kinds: ["customer", "vehicle"] }) : null;
  const customers = hits ? [] : await listCustomers(ctx);

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Customers and vehicles</h1>
        {can(ctx, "customer.create") ? <Link className={buttonClass("primary")} href={`/${orgSlug}/customers/new`}>Add customer</Link> : null}
      </div>
      <form role="search" className="flex gap-2" action={`/${orgSlug}/customers`}>
        <label htmlFor="search" className="sr-only">Search customers and vehicles</label>
        <input id="search" name="q" defaultValue={q} placeholder="Name, phone, email, plate or VIN (last 6)" className="w-full rounded-md border border-slate-300 bg-white px-3 py-2" />
        <button type="submit" className={buttonClass("secondary")}>Search</button>
      </form>
      {q && !query.success ? <Notice tone="error">{query.error.issues[0]?.message}</Notice> : null}
      {hits ? (
        <Card title={`${hits.length} match${hits.length === 1 ? "" : "es"} for “${q}”`}>
          <ul className="divide-y divide-slate-200">
            {hits.map((hit) => (
              <li key={`${hit.kind}-${hit.id}`} className="py-2">
                <Link className="font-medium text-blue-700 underline-offset-2 hover:underline" href={hitHref(orgSlug, hit)}>{hit.title}</Link>
                <span className="ml-2 text-sm text-slate-600">{HIT_LABELS[hit.kind]}{hit.detail ? ` · ${hit.detail}` : ""}</span>
              </li>
            ))}
          </ul>
        </Card>
      ) : (
        <Card>
          {customers.length === 0 ? <p className="text-slate-700">No customers yet.</p> : null}
          <ul className="divide-y divide-slate-200">
            {customers.map((customer) => (
              <li key={customer.id} className="flex flex-col py-2 sm:flex-row sm:items-center sm:justify-between">
                <Link className="font-medium text-blue-700 underline-offset-2 hover:underline" href={`/${orgSlug}/customers/${customer.id}`}>{customer.displayName}</Link>
                <span className="text-sm text-slate-600">{customer.vehicles.map((v) => v.registration ?? [v.make, v.model].filter(Boolean).join(" ")).join(", ")}</span>
              </li>
            ))}
          </ul>
        </Card>
      )}
    </div>
  );
}
