"use client";

import { useActionState } from "react";
import { proposeJobAction, rateItemAction, removePhotoAction } from "@/actions/inspections";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/forms/form-state";
import type { InspectionRating } from "@/lib/generated/prisma/client";
import { PhotoUpload } from "./photo-upload";
import { RATING, RATINGS } from "./rating-style";

export interface ItemCardProps {
  orgSlug: string;
  open: boolean;
  canPropose: boolean;
  item: {
    id: string;
    label: string;
    rating: InspectionRating | null;
    note: string | null;
    measurementUnit: string | null;
    /** as the technician typed it, e.g. "3.5" */
    measurement: string | null;
    photos: ReadonlyArray<{ id: string }>;
    proposedJob: { title: string; approval: string } | null;
  };
}

const input = "block w-full rounded-md border border-slate-300 px-3 py-3 text-base text-slate-900 focus:border-blue-700 focus:outline-2 focus:outline-blue-700 aria-[invalid=true]:border-red-700";

/** One checklist item on the technician's phone: measurement, note, and one tap on green, amber or red saves it. */
export function InspectionItemCard({ orgSlug, open, canPropose, item }: ItemCardProps) {
  const [state, action] = useActionState<FormState, FormData>(rateItemAction, {});
  const v = state.ok ? {} : (state.values ?? {});
  const e = state.fieldErrors ?? {};
  const headingId = `item-${item.id}`;
  return (
    <article aria-labelledby={headingId} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid={`inspection-item-${item.id}`}>
      <div className="flex items-start justify-between gap-3">
        <h3 id={headingId} className="text-base font-semibold">{item.label}</h3>
        <span className={`shrink-0 rounded px-2 py-0.5 text-sm font-medium ${item.rating ? RATING[item.rating].badge : "bg-slate-100 text-slate-700"}`}>
          {item.rating ? RATING[item.rating].label : "Not rated"}
        </span>
      </div>
      {open ? (
        <form action={action} className="mt-3 flex flex-col gap-3" noValidate>
          <input type="hidden" name="orgSlug" value={orgSlug} />
          <input type="hidden" name="itemId" value={item.id} />
          {item.measurementUnit ? (
            <div className="flex flex-col gap-1">
              <label htmlFor={`measurement-${item.id}`} className="text-sm font-medium">Measurement ({item.measurementUnit})</label>
              <input id={`measurement-${item.id}`} name="measurement" inputMode="decimal" autoComplete="off" className={input}
                defaultValue={v.measurement ?? item.measurement ?? ""} aria-invalid={Boolean(e.measurement)} aria-describedby={e.measurement ? `measurement-${item.id}-error` : undefined} />
              {e.measurement ? <p id={`measurement-${item.id}-error`} role="alert" className="text-sm font-medium text-red-700">{e.measurement}</p> : null}
            </div>
          ) : null}
          <div className="flex flex-col gap-1">
            <label htmlFor={`note-${item.id}`} className="text-sm font-medium">Note</label>
            <input id={`note-${item.id}`} name="note" autoComplete="off" className={input} defaultValue={v.note ?? item.note ?? ""}
              aria-invalid={Boolean(e.note)} aria-describedby={e.note ? `note-${item.id}-error` : undefined} />
            {e.note ? <p id={`note-${item.id}-error`} role="alert" className="text-sm font-medium text-red-700">{e.note}</p> : null}
          </div>
          <div role="group" aria-label={`Rate ${item.label}`} className="grid grid-cols-3 gap-2">
            {RATINGS.map((rating) => (
              <button key={rating} type="submit" name="rating" value={rating} aria-pressed={item.rating === rating}
                className={`min-h-12 rounded-md border-2 px-2 text-base font-semibold focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700 ${item.rating === rating ? RATING[rating].chosen : RATING[rating].idle}`}>
                {RATING[rating].label}<span className="block text-xs font-normal">{RATING[rating].meaning}</span>
              </button>
            ))}
          </div>
          {state.message ? <p role={state.ok ? "status" : "alert"} className={`text-sm ${state.ok ? "text-green-800" : "text-red-700"}`}>{state.message}</p> : null}
        </form>
      ) : (
        <p className="mt-2 text-sm text-slate-700">
          {item.measurement ? `${item.measurement} ${item.measurementUnit ?? ""} ` : ""}{item.note ?? ""}
        </p>
      )}
      <Photos orgSlug={orgSlug} open={open} photos={item.photos} label={item.label} />
      {open ? <PhotoUpload orgSlug={orgSlug} itemId={item.id} label={item.label} /> : null}
      {item.proposedJob ? (
        <p className="mt-3 text-sm text-slate-700">On the repair order: <strong>{item.proposedJob.title}</strong></p>
      ) : canPropose && (item.rating === "AMBER" || item.rating === "RED") ? (
        <ProposeJobButton orgSlug={orgSlug} itemId={item.id} />
      ) : null}
    </article>
  );
}

function Photos({ orgSlug, open, photos, label }: { orgSlug: string; open: boolean; photos: ItemCardProps["item"]["photos"]; label: string }) {
  if (photos.length === 0) return null;
  return (
    <ul className="mt-3 grid grid-cols-3 gap-2" aria-label={`Photos of ${label}`}>
      {photos.map((photo, index) => (
        <li key={photo.id} className="flex flex-col gap-1">
          <a href={`/${orgSlug}/attachments/${photo.id}`} target="_blank" rel="noopener" className="block focus-visible:outline-2 focus-visible:outline-blue-700">
            {/* A plain img: the photo route checks the member's session, which Next's image optimizer would not send. */}
            {/* eslint-disable-next-line @next/next/no-img-element */}
            <img src={`/${orgSlug}/attachments/${photo.id}`} alt={`${label}, photo ${index + 1}`} loading="lazy" className="aspect-square w-full rounded object-cover" />
          </a>
          {open ? <RemovePhotoButton orgSlug={orgSlug} attachmentId={photo.id} label={`Remove photo ${index + 1}`} /> : null}
        </li>
      ))}
    </ul>
  );
}

function RemovePhotoButton({ orgSlug, attachmentId, label }: { orgSlug: string; attachmentId: string; label: string }) {
  const [state, action] = useActionState<FormState, FormData>(removePhotoAction, {});
  return (
    <form action={action}>
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="attachmentId" value={attachmentId} />
      <button type="submit" className="min-h-11 w-full text-sm text-red-700 underline underline-offset-2" aria-label={label}>Remove</button>
      {state.message && !state.ok ? <p role="alert" className="text-sm text-red-700">{state.message}</p> : null}
    </form>
  );
}

function ProposeJobButton({ orgSlug, itemId }: { orgSlug: string; itemId: string }) {
  const [state, action] = useActionState<FormState, FormData>(proposeJobAction, {});
  return (
    <form action={action} className="mt-3 flex flex-col gap-1">
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="itemId" value={itemId} />
      <SubmitButton variant="secondary" pendingText="Adding…">Add to the repair order</SubmitButton>
      {state.message ? <p role={state.ok ? "status" : "alert"} className={`text-sm ${state.ok ? "text-green-800" : "text-red-700"}`}>{state.message}</p> : null}
    </form>
  );
}
