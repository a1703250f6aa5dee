import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { db } from "@/lib/db";
import { serverEnv } from "@/lib/env";

export const metadata: Metadata = { title: "Dev outbox" };
export const dynamic = "force-dynamic";

/** Mail that would have been sent, for developers without SMTP. Never in production. */
export default async function OutboxPage() {
  const env = serverEnv();
  if (env.NODE_ENV === "production" || env.SMTP_URL) notFound();
  const messages = await db().outboxEmail.findMany({ orderBy: { createdAt: "desc" }, take: 50 });
  return (
    <main className="mx-auto max-w-3xl px-4 py-8">
      <h1 className="text-2xl font-semibold">Dev outbox</h1>
      <p className="mb-6 text-sm text-slate-600">SMTP_URL is not set, so AWMS keeps outgoing mail here. The newest 50 messages.</p>
      {messages.length === 0 ? <p>No messages yet.</p> : null}
      <ol className="flex flex-col gap-4">
        {messages.map((m) => (
          <li key={m.id} className="rounded-md border border-slate-200 bg-white p-4">
            <p className="text-sm text-slate-600">{m.createdAt.toISOString()} to <strong>{m.to}</strong></p>
            <h2 className="font-semibold">{m.subject}</h2>
            <pre className="mt-2 whitespace-pre-wrap break-all font-sans text-sm">{m.text}</pre>
          </li>
        ))}
      </ol>
    </main>
  );
}
