"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import { requestExportAction, searchExportCustomersAction } from "@/actions/privacy-exports";
import { FormMessage } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/forms/form-state";
import type { ExportCustomer } from "@/lib/gdpr/export/find-export-customers";

const control =
  "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-slate-900 shadow-sm focus:border-blue-700 focus:outline-2 focus:outline-blue-700 aria-[invalid=true]:border-red-700";

/** Finds the customer whose data to export, as you type; a customer page's link arrives with them chosen. */
function CustomerChoice({ orgSlug, preselected, error }: { orgSlug: string; preselected: ExportCustomer | null; error?: string }) {
  const [q, setQ] = useState("");
  const [results, setResults] = useState<ExportCustomer[]>([]);
  const [chosen, setChosen] = useState<ExportCustomer | null>(preselected);
  const latest = useRef(0);
  useEffect(() => {
    const term = q.trim();
    const request = (latest.current += 1);
    if (term.length < 2) return;
    const timer = window.setTimeout(() => {
      void searchExportCustomersAction(orgSlug, term).then((found) => {
        if (request === latest.current) setResults(found);
      });
    }, 250);
    return () => window.clearTimeout(timer);
  }, [q, orgSlug]);
  const shown = q.trim().length < 2 ? [] : results;
  const listed = chosen && !shown.some((c) => c.id === chosen.id) ? [chosen, ...shown] : shown;
  return (
    <div className="flex flex-col gap-2">
      <label htmlFor="export-customer-search" className="text-sm font-medium text-slate-800">Find the customer</label>
      <input
        id="export-customer-search" type="search" value={q} onChange={(event) => setQ(event.target.value)} autoComplete="off"
        placeholder="Name, phone, email or plate" className={control} aria-invalid={Boolean(error)} aria-describedby={error ? "export-customer-error" : undefined}
      />
      {q.trim().length >= 2 && listed.length === 0 ? <p className="text-sm text-slate-600">No customer found.</p> : null}
      {listed.length > 0 ? (
        <ul className="flex max-h-56 flex-col gap-1 overflow-y-auto" aria-label="Customers found">
          {listed.map((customer) => (
            <li key={customer.id}>
              <label className="flex cursor-pointer items-start gap-2 rounded-md border border-slate-200 px-2 py-1 text-sm has-[:checked]:border-blue-700 has-[:checked]:bg-blue-50">
                <input type="radio" name="customerId" value={customer.id} checked={chosen?.id === customer.id} onChange={() => setChosen(customer)} className="mt-1" />
                <span>
                  <span className="font-medium">{customer.displayName}</span>
                  <span className="block text-slate-600">{[customer.phone, customer.email].filter(Boolean).join(" · ")}</span>
                </span>
              </label>
            </li>
          ))}
        </ul>
      ) : null}
      {error ? <p id="export-customer-error" role="alert" className="text-sm font-medium text-red-700">{error}</p> : null}
    </div>
  );
}

/** Start an export: one customer (Art. 15/20 request of a data subject) or the whole workshop. */
export function RequestExportForm({ orgSlug, preselected }: { orgSlug: string; preselected: ExportCustomer | null }) {
  const [state, action] = useActionState<FormState, FormData>(requestExportAction, {});
  const [scope, setScope] = useState<"CUSTOMER" | "ORGANIZATION">(state.values?.scope === "ORGANIZATION" ? "ORGANIZATION" : "CUSTOMER");
  return (
    <form action={action} className="flex flex-col gap-4" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <fieldset className="flex flex-col gap-2">
        <legend className="text-sm font-medium text-slate-800">Export</legend>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" name="scope" value="CUSTOMER" checked={scope === "CUSTOMER"} onChange={() => setScope("CUSTOMER")} />
          One customer&apos;s data (their access or portability request)
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" name="scope" value="ORGANIZATION" checked={scope === "ORGANIZATION"} onChange={() => setScope("ORGANIZATION")} />
          The whole workshop (every customer, member, part and setting)
        </label>
        {state.fieldErrors?.scope ? <p role="alert" className="text-sm font-medium text-red-700">{state.fieldErrors.scope}</p> : null}
      </fieldset>
      {scope === "CUSTOMER" ? <CustomerChoice orgSlug={orgSlug} preselected={preselected} error={state.fieldErrors?.customerId} /> : null}
      <div><SubmitButton pendingText="Starting…">Start export</SubmitButton></div>
    </form>
  );
}
