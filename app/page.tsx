import Link from "next/link";

export default function HomePage() {
  return (
    <main className="mx-auto flex max-w-2xl flex-col gap-6 px-4 py-16">
      <h1 className="text-3xl font-semibold tracking-tight">AWMS</h1>
      <p className="text-lg text-slate-700">
        The workshop management system for independent garages: customers, vehicles, appointments, repair
        orders, inspections, parts and invoices, with every workshop&apos;s data kept apart by the database itself.
      </p>
      <ul className="list-disc space-y-1 pl-6 text-slate-700">
        <li>Service advisors run the front desk and the job board.</li>
        <li>Technicians clock jobs and record inspections from the bay.</li>
        <li>Owners and admins manage members, billing, the audit log and GDPR requests.</li>
      </ul>
      <p>
        <Link className="text-blue-700 underline underline-offset-2" href="/api/health">
          Service health
        </Link>
      </p>
    </main>
  );
}
