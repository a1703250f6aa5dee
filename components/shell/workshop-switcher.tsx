"use client";

import { useRouter } from "next/navigation";

export function WorkshopSwitcher({ current, workshops }: { current: string; workshops: Array<{ slug: string; name: string }> }) {
  const router = useRouter();
  if (workshops.length < 2) return <span className="font-semibold">{workshops[0]?.name}</span>;
  return (
    <label className="flex items-center gap-2 text-sm">
      <span className="sr-only">Workshop</span>
      <select
        className="rounded-md border border-slate-300 bg-white px-2 py-1 font-semibold"
        value={current}
        onChange={(event) => router.push(`/${event.target.value}`)}
      >
        {workshops.map((w) => (
          <option key={w.slug} value={w.slug}>{w.name}</option>
        ))}
      </select>
    </label>
  );
}
