import Link from "next/link";
import type { Permission } from "@/lib/rbac";
import { GlobalSearch } from "./global-search";
import { SignOutButton } from "./sign-out-button";
import { WorkshopSwitcher } from "./workshop-switcher";

export interface NavItem {
  href: string;
  label: string;
}

const WORKSHOP_NAV: ReadonlyArray<{ path: string; label: string; permission: Permission }> = [
  { path: "", label: "Today", permission: "repairOrder.read" },
  { path: "/repair-orders", label: "Job board", permission: "repairOrder.read" },
  { path: "/my-work", label: "My work", permission: "timeEntry.clock" },
  { path: "/time-entries", label: "Technician time", permission: "timeEntry.manage" },
  { path: "/appointments", label: "Appointments", permission: "appointment.read" },
  { path: "/canned-jobs", label: "Canned jobs", permission: "invoice.create" },
  { path: "/customers", label: "Customers", permission: "customer.read" },
  { path: "/reminders", label: "Reminders", permission: "customer.read" },
  { path: "/parts", label: "Parts", permission: "part.read" },
  { path: "/purchase-orders", label: "Purchase orders", permission: "purchaseOrder.manage" },
  { path: "/invoices", label: "Invoices", permission: "invoice.read" },
  { path: "/reports", label: "Reports", permission: "report.read" },
  { path: "/settings/members", label: "Members", permission: "member.read" },
  { path: "/settings/workshop", label: "Workshop settings", permission: "settings.read" },
  { path: "/settings/inspections", label: "Checklists", permission: "settings.update" },
  { path: "/settings/api-keys", label: "API keys", permission: "apiKey.read" },
  { path: "/settings/privacy", label: "Data & privacy", permission: "gdpr.export" },
  { path: "/settings/billing", label: "Billing", permission: "billing.manage" },
  { path: "/settings/audit-log", label: "Audit log", permission: "auditLog.read" },
];

/** Navigation shows only what the role may open; the pages still check for themselves. */
export function navFor(orgSlug: string, allowed: (permission: Permission) => boolean): NavItem[] {
  return WORKSHOP_NAV.filter((item) => allowed(item.permission)).map((item) => ({ href: `/${orgSlug}${item.path}`, label: item.label }));
}

export function AppShell({
  orgSlug, workshops, nav, userName, roleLabel, children,
}: {
  orgSlug: string;
  workshops: Array<{ slug: string; name: string }>;
  nav: NavItem[];
  userName: string;
  roleLabel: string;
  children: React.ReactNode;
}) {
  return (
    <div className="min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2">Skip to content</a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-3">
          <div className="flex items-center gap-3">
            <Link href={`/${orgSlug}`} className="font-bold tracking-tight text-blue-800">AWMS</Link>
            <WorkshopSwitcher current={orgSlug} workshops={workshops} />
          </div>
          <GlobalSearch orgSlug={orgSlug} />
          <div className="flex items-center gap-3 text-sm">
            <Link href="/account/profile" className="text-slate-700 underline-offset-2 hover:underline">
              {userName} <span className="text-slate-500">({roleLabel})</span>
            </Link>
            <SignOutButton />
          </div>
        </div>
        <nav aria-label="Workshop" className="mx-auto max-w-6xl overflow-x-auto px-4">
          <ul className="flex gap-4 text-sm">
            {nav.map((item) => (
              <li key={item.href}>
                <Link href={item.href} className="inline-block border-b-2 border-transparent py-2 text-slate-700 hover:border-blue-700 hover:text-slate-900">
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" className="mx-auto max-w-6xl px-4 py-6">{children}</main>
    </div>
  );
}
