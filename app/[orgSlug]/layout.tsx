import { AppShell, navFor } from "@/components/shell/app-shell";
import { listUserMemberships } from "@/lib/db";
import { requireOrgContext } from "@/lib/org/context";
import { can } from "@/lib/rbac";
import { roleLabel } from "@/lib/rbac/role-labels";
import { requireUser } from "@/lib/auth/session";

export default async function WorkshopLayout({ children, params }: { children: React.ReactNode; params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const ctx = await requireOrgContext(orgSlug);
  const user = await requireUser();
  const workshops = (await listUserMemberships(user.id)).map((m) => m.organization);
  return (
    <AppShell
      orgSlug={ctx.orgSlug}
      workshops={workshops}
      nav={navFor(ctx.orgSlug, (permission) => can(ctx, permission))}
      userName={user.name}
      roleLabel={roleLabel(ctx.role)}
    >
      {children}
    </AppShell>
  );
}
