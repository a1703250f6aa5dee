"use client";

import { useRouter } from "next/navigation";
import { useRef, useState } from "react";

/**
 * The phone's camera straight to the item: picking or taking a photo uploads it
 * (multipart to the workshop's attachments route, not a Server Action, whose
 * body limit is 1 MB). The server checks the real type and size; its refusal
 * is shown here in words.
 */
export function PhotoUpload({ orgSlug, itemId, label }: { orgSlug: string; itemId: string; label: string }) {
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  const [status, setStatus] = useState<{ busy: boolean; error?: string; done?: string }>({ busy: false });
  const inputId = `photo-${itemId}`;

  async function upload() {
    const data = new FormData(form.current ?? undefined);
    const file = data.get("photo");
    if (!(file instanceof File) || file.size === 0) return;
    setStatus({ busy: true });
    try {
      const response = await fetch(`/${orgSlug}/attachments`, { method: "POST", body: data, headers: { Accept: "application/json" } });
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
        setStatus({ busy: false, error: body?.error?.message ?? "The photo could not be uploaded. Try again." });
        return;
      }
      form.current?.reset();
      setStatus({ busy: false, done: "Photo added." });
      router.refresh();
    } catch {
      setStatus({ busy: false, error: "No connection: the photo was not uploaded. Try again." });
    }
  }

  return (
    <form ref={form} className="mt-3 flex flex-col gap-1" onSubmit={(event) => { event.preventDefault(); void upload(); }}>
      <input type="hidden" name="inspectionItemId" value={itemId} />
      <label htmlFor={inputId}
        className="flex min-h-12 cursor-pointer items-center justify-center rounded-md border-2 border-dashed border-slate-400 px-3 text-base font-medium text-slate-800 focus-within:outline-2 focus-within:outline-blue-700">
        {status.busy ? "Uploading…" : "Add photo"}
        <span className="sr-only"> of {label}</span>
        <input id={inputId} name="photo" type="file" accept="image/*" capture="environment" className="sr-only" disabled={status.busy}
          onChange={() => void upload()} aria-describedby={status.error ? `${inputId}-error` : undefined} />
      </label>
      {status.error ? <p id={`${inputId}-error`} role="alert" className="text-sm font-medium text-red-700">{status.error}</p> : null}
      {status.done ? <p role="status" className="text-sm text-green-800">{status.done}</p> : null}
    </form>
  );
}
