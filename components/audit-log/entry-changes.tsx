import { Card } from "@/components/ui/card";
import type { EntryDetails } from "@/lib/audit/entry-changes";

const cell = (text: string) => (text === "" ? <span className="text-slate-500">(empty)</span> : text);

/** The change an entry records: changed fields as before/after, anything else as key/value. */
export function EntryChanges({ changes, details }: EntryDetails) {
  return (
    <>
      {changes.length ? (
        <Card title="Changed fields">
          <div className="overflow-x-auto">
            <table className="min-w-full text-left text-sm">
              <thead className="text-slate-700">
                <tr><th scope="col" className="px-2 py-1">Field</th><th scope="col" className="px-2 py-1">Before</th><th scope="col" className="px-2 py-1">After</th></tr>
              </thead>
              <tbody className="divide-y divide-slate-200">
                {changes.map((change) => (
                  <tr key={change.field} data-testid="changed-field">
                    <th scope="row" className="px-2 py-1 font-medium">{change.field}</th>
                    <td className="break-all px-2 py-1">{cell(change.from)}</td>
                    <td className="break-all px-2 py-1">{cell(change.to)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>
      ) : null}
      {details.length ? (
        <Card title="Details">
          <dl className="grid grid-cols-1 gap-x-6 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
            {details.map((detail) => (
              <div key={detail.key} className="contents">
                <dt className="text-slate-600">{detail.key}</dt>
                <dd className="break-all">{cell(detail.value)}</dd>
              </div>
            ))}
          </dl>
        </Card>
      ) : null}
      {!changes.length && !details.length ? <p className="text-sm text-slate-600">This entry records no further details.</p> : null}
    </>
  );
}
