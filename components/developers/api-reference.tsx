import type { OpenApiDocument, OpenApiOperation } from "@/lib/api/openapi";
import { fieldRows, type FieldRow } from "./schema-text";

const METHOD_COLOURS: Record<string, string> = {
  get: "bg-blue-100 text-blue-900",
  post: "bg-green-100 text-green-900",
  patch: "bg-amber-100 text-amber-900",
};

function Fields({ caption, rows }: { caption: string; rows: FieldRow[] }) {
  if (rows.length === 0) return null;
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[32rem] text-left text-sm">
        <caption className="mb-1 text-left font-medium text-slate-800">{caption}</caption>
        <thead className="border-b border-slate-200 text-slate-600">
          <tr><th className="py-1 pr-3 font-medium">Name</th><th className="py-1 pr-3 font-medium">Type</th><th className="py-1 font-medium">Notes</th></tr>
        </thead>
        <tbody className="divide-y divide-slate-100 align-top">
          {rows.map((row) => (
            <tr key={row.name}>
              <td className="py-1 pr-3 font-mono">{row.name}{row.required ? <span className="text-red-700" title="required">*</span> : null}</td>
              <td className="py-1 pr-3">{row.type}</td>
              <td className="py-1 text-slate-700">{row.notes}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Operation({ method, path, operation }: { method: string; path: string; operation: OpenApiOperation }) {
  const parameters: FieldRow[] = operation.parameters.map((parameter) => ({
    ...fieldRows({ properties: { [parameter.name]: parameter.schema }, required: parameter.required ? [parameter.name] : [] })[0]!,
    notes: `${parameter.in === "path" ? "In the path. " : ""}${fieldRows({ properties: { [parameter.name]: parameter.schema } })[0]!.notes}`,
  }));
  const body = operation.requestBody?.content["application/json"].schema;
  const codes = Object.keys(operation.responses).join(", ");
  return (
    <section id={operation.operationId} className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4">
      <h3 className="flex flex-wrap items-center gap-2 font-mono text-sm">
        <span className={`rounded px-2 py-0.5 font-semibold uppercase ${METHOD_COLOURS[method] ?? "bg-slate-100"}`}>{method}</span>
        <span className="break-all">/api/v1{path}</span>
      </h3>
      <p className="font-medium">{operation.summary}</p>
      {operation.description ? <p className="text-sm text-slate-700">{operation.description}</p> : null}
      <p className="text-sm text-slate-600">
        {operation["x-awms-scope"] === "public" ? "No key needed." : operation["x-awms-scope"] === "READ" ? "Any key." : "A read and write key."} Answers {codes}.
      </p>
      <Fields caption="Parameters" rows={parameters} />
      {body ? <Fields caption="JSON body (unknown fields are refused)" rows={fieldRows(body)} /> : null}
    </section>
  );
}

/** Every operation of the document, by tag, with the resource schemas they answer. */
export function ApiReference({ document }: { document: OpenApiDocument }) {
  const operations = Object.entries(document.paths).flatMap(([path, item]) => Object.entries(item).map(([method, operation]) => ({ path, method, operation })));
  return (
    <div className="flex flex-col gap-8">
      {document.tags.map(({ name }) => (
        <section key={name} className="flex flex-col gap-3" aria-labelledby={`tag-${name}`}>
          <h2 id={`tag-${name}`} className="text-xl font-semibold">{name}</h2>
          {operations.filter(({ operation }) => operation.tags.includes(name)).map(({ path, method, operation }) => (
            <Operation key={`${method} ${path}`} method={method} path={path} operation={operation} />
          ))}
        </section>
      ))}
      <section className="flex flex-col gap-4" aria-labelledby="schemas">
        <h2 id="schemas" className="text-xl font-semibold">Records</h2>
        <p className="text-sm text-slate-700">What the API answers. Times are ISO 8601 in UTC; dates are YYYY-MM-DD; money is whole minor units (pence, cents) with its currency.</p>
        {Object.entries(document.components.schemas).filter(([name]) => name !== "OpenApiDocument").map(([name, schema]) => (
          <div key={name} id={`schema-${name}`} className="rounded-lg border border-slate-200 bg-white p-4">
            <Fields caption={name} rows={fieldRows(schema)} />
          </div>
        ))}
      </section>
    </div>
  );
}
