import Link from "next/link";
import { SignOutButton } from "@/components/shell/sign-out-button";
import { requireUser } from "@/lib/auth/session";
import { listUserMemberships } from "@/lib/db";

export default async function AccountLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  const first = (await listUserMemberships(user.id))[0];
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-3xl items-center justify-between px-4 py-3">
          <Link href={first ? `/${first.organization.slug}` : "/"} className="font-bold text-blue-800">← {first?.organization.name ?? "AWMS"}</Link>
          <SignOutButton />
        </div>
        <nav aria-label="Account" className="mx-auto flex max-w-3xl gap-4 px-4 text-sm">
          <Link className="py-2 hover:underline" href="/account/profile">Profile</Link>
          <Link className="py-2 hover:underline" href="/account/security">Security</Link>
        </nav>
      </header>
      <main id="main" className="mx-auto flex max-w-3xl flex-col gap-6 px-4 py-6">{children}</main>
    </div>
  );
}
