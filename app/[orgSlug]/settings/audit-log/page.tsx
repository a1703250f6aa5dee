import type { Metadata } from "next";
import Link from "next/link";
import { AuditFilterForm } from "@/components/audit-log/audit-filter-form";
import { AuditEntryTable } from "@/components/audit-log/audit-entry-table";
import { VerifyChainButton } from "@/components/audit-log/verify-chain-button";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { filtersQuery, parseAuditFilters } from "@/lib/audit/audit-filters";
import { auditFilterChoices, listAuditEntries } from "@/lib/audit/list-audit-entries";
import { requirePermission } from "@/lib/org/require-permission";
import { can } from "@/lib/rbac";

export const metadata: Metadata = { title: "Audit log" };

type Query = Record<string, string | string[] | undefined>;

const pageAfter = (query: Query) => {
  const before = Number(Array.isArray(query.before) ? query.before[0] : query.before);
  return Number.isSafeInteger(before) && before > 1 ? before : undefined;
};

export default async function AuditLogPage({ params, searchParams }: { params: Promise<{ orgSlug: string }>; searchParams: Promise<Query> }) {
  const { orgSlug } = await params;
  const ctx = await requirePermission(orgSlug, "auditLog.read");
  const query = await searchParams;
  const parsed = parseAuditFilters(query);
  const choices = await auditFilterChoices(ctx);
  const beforeSeq = pageAfter(query);
  const list = parsed.ok ? await listAuditEntries(ctx, parsed.filters, { beforeSeq }) : null;
  const base = `/${orgSlug}/settings/audit-log`;

  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">Audit log</h1>
      <p className="text-sm text-slate-700">
        Who did what, and when, in this workshop: every change to records, sign-ins, refusals and exports. Entries can never be changed or removed;
        each one is chained to the one before by its hash. All times and dates here are UTC.
      </p>
      <Card title="Tamper check" description="Recomputes every entry's hash and compares the newest with the daily anchor kept outside the database.">
        <VerifyChainButton orgSlug={orgSlug} />
      </Card>
      <Card title="Filter">
        <AuditFilterForm orgSlug={orgSlug} choices={choices} values={parsed.ok ? parsed.filters : parsed.values} errors={parsed.ok ? {} : parsed.fieldErrors} />
      </Card>
      {!list || !parsed.ok ? (
        <Notice tone="error">Check the highlighted filters: nothing was searched.</Notice>
      ) : (
        <section aria-labelledby="entries" className="flex flex-col gap-3">
          <div className="flex flex-wrap items-center justify-between gap-3">
            <h2 id="entries" className="text-lg font-semibold">{beforeSeq ? `Entries before #${beforeSeq}` : "Newest entries"}</h2>
            {can(ctx, "auditLog.export") ? (
              <div className="flex flex-wrap gap-3">
                <a className={buttonClass("secondary")} href={`${base}/export/csv${filtersQuery(parsed.filters)}`} download>Download CSV</a>
                <a className={buttonClass("secondary")} href={`${base}/export/json${filtersQuery(parsed.filters)}`} download>Download JSON</a>
              </div>
            ) : null}
          </div>
          <AuditEntryTable orgSlug={orgSlug} entries={list.entries} />
          <nav aria-label="Pages" className="flex gap-4 text-sm">
            {beforeSeq ? <Link className="text-blue-700 underline" href={`${base}${filtersQuery(parsed.filters)}`}>Newest</Link> : null}
            {list.nextBeforeSeq ? (
              <Link className="text-blue-700 underline" href={`${base}${filtersQuery(parsed.filters, { before: String(list.nextBeforeSeq) })}`}>Older entries</Link>
            ) : null}
          </nav>
        </section>
      )}
    </div>
  );
}
