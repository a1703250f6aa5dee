import { formatMeasurement } from "@/lib/inspections/measurement";
import type { CustomerInspection } from "@/lib/inspections/customer-inspections";
import { RATING } from "./rating-style";

/** The customer's view of what the technician found, worst first, with photos served through their own link. */
export function CustomerInspectionSection({ inspection, photoUrl }: { inspection: CustomerInspection; photoUrl: (id: string) => string }) {
  return (
    <section aria-labelledby={`inspection-${inspection.id}`} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <h2 id={`inspection-${inspection.id}`} className="text-lg font-semibold">{inspection.title}</h2>
      <p className="text-sm text-slate-600">What our technician found when checking your car.</p>
      {inspection.groups.map((group) => (
        // What is fine stays folded: red and amber are what the customer has to decide about.
        <details key={group.rating} className="mt-4" open={group.rating !== "GREEN"}>
          <summary className="min-h-11 cursor-pointer content-center">
            <h3 className={`inline-block rounded px-2 py-0.5 text-sm font-semibold ${RATING[group.rating].badge}`}>
              {RATING[group.rating].customer} ({group.items.length})
            </h3>
          </summary>
          <ul className="mt-2 flex flex-col gap-3">
            {group.items.map((item) => (
              <li key={item.id} className="border-t border-slate-100 pt-2">
                <p className="font-medium">
                  {item.label}
                  {item.measurementMilli !== null ? <span className="font-normal text-slate-700"> · {formatMeasurement(item.measurementMilli, item.measurementUnit)}</span> : null}
                </p>
                {item.note ? <p className="text-sm text-slate-700">{item.note}</p> : null}
                {item.photoIds.length > 0 ? (
                  <ul className="mt-2 grid grid-cols-3 gap-2" aria-label={`Photos of ${item.label}`}>
                    {item.photoIds.map((id, index) => (
                      <li key={id}>
                        <a href={photoUrl(id)} target="_blank" rel="noopener noreferrer" className="block focus-visible:outline-2 focus-visible:outline-blue-700">
                          {/* A plain img: the photo is served only through this link's token, not by Next's image optimizer. */}
                          {/* eslint-disable-next-line @next/next/no-img-element */}
                          <img src={photoUrl(id)} alt={`${item.label}, photo ${index + 1}`} loading="lazy" className="aspect-square w-full rounded object-cover" />
                        </a>
                      </li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ul>
        </details>
      ))}
    </section>
  );
}
