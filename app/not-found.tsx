import Link from "next/link";

export default function NotFound() {
  return (
    <main className="mx-auto max-w-xl px-4 py-16">
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p className="mt-2 text-slate-700">There is nothing here, or it belongs to a workshop you are not a member of.</p>
      <Link className="mt-4 inline-block text-blue-700 underline underline-offset-2" href="/">Go to the start page</Link>
    </main>
  );
}
