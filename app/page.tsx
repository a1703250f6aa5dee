import Link from "next/link";
import { redirect } from "next/navigation";
import { buttonClass } from "@/components/ui/button";
import { getSessionUser } from "@/lib/auth/session";
import { listUserMemberships } from "@/lib/db";

export default async function HomePage() {
  const user = await getSessionUser();
  if (user) {
    const [first] = await listUserMemberships(user.id);
    redirect(first ? `/${first.organization.slug}` : "/account/profile");
  }
  return (
    <main className="mx-auto flex max-w-2xl flex-col gap-6 px-4 py-16">
      <h1 className="text-3xl font-semibold tracking-tight">AWMS</h1>
      <p className="text-lg text-slate-700">
        The workshop management system for independent garages: customers, vehicles, appointments, repair
        orders, inspections, parts and invoices, with every workshop&apos;s data kept apart by the database itself.
      </p>
      <div className="flex gap-3">
        <Link className={buttonClass("primary")} href="/sign-in">Sign in</Link>
        <Link className={buttonClass("secondary")} href="/sign-up">Create a workshop</Link>
      </div>
    </main>
  );
}
