import type { Metadata } from "next";
import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { requirePermission } from "@/lib/org/require-permission";
import { HIT_LABELS, hitHref } from "@/lib/search/hit-href";
import { searchWorkshop, ZSearch } from "@/lib/search/search-workshop";
import { readQuery, type QueryParams } from "@/lib/http/query-params";

export const metadata: Metadata = { title: "Search" };

export default async function SearchPage({ params, searchParams }: { params: Promise<{ orgSlug: string }>; searchParams: Promise<QueryParams> }) {
  const { orgSlug } = await params;
  const { q = "" } = await readQuery(searchParams, "q");
  const ctx = await requirePermission(orgSlug, "customer.read");
  const query = ZSearch.safeParse(q);
  const hits = query.success ? await searchWorkshop(ctx, query.data) : null;

  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">Search</h1>
      <form role="search" className="flex gap-2" action={`/${orgSlug}/search`}>
        <label htmlFor="search-page-q" className="sr-only">Search</label>
        <input
          id="search-page-q" name="q" type="search" defaultValue={q} maxLength={100} autoComplete="off"
          placeholder="Name, phone, email, plate, VIN (last 6), RO 1042, INV 17, CN 3"
          className="w-full rounded-md border border-slate-300 bg-white px-3 py-2"
        />
        <button type="submit" className={buttonClass("secondary")}>Search</button>
      </form>
      {q && !query.success ? <Notice tone="error">{query.error.issues[0]?.message}</Notice> : null}
      {!q ? (
        <p className="text-slate-700">
          Search by a customer&apos;s name (typos are fine), part of an email or phone number, a plate, a VIN or its last six
          characters, a repair order number (1042, RO 1042, #1042), an invoice (INV 17) or a credit note (CN 3).
        </p>
      ) : null}
      {hits ? (
        <Card title={`${hits.length} match${hits.length === 1 ? "" : "es"} for “${q.trim()}”`}>
          {hits.length === 0 ? <p className="text-slate-700">Nothing found. Check the spelling, or try part of the phone number or plate.</p> : null}
          <ul className="divide-y divide-slate-200" data-testid="search-results">
            {hits.map((hit) => (
              <li key={`${hit.kind}-${hit.id}`} className="flex flex-col gap-0.5 py-2 sm:flex-row sm:items-baseline sm:gap-3">
                <span className="w-28 shrink-0 text-xs font-medium uppercase tracking-wide text-slate-500">{HIT_LABELS[hit.kind]}</span>
                <Link className="font-medium text-blue-700 underline-offset-2 hover:underline" href={hitHref(orgSlug, hit)}>{hit.title}</Link>
                {hit.detail ? <span className="text-sm text-slate-600">{hit.detail}</span> : null}
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
    </div>
  );
}
