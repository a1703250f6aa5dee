import type { Metadata } from "next";
import { ProfileForm } from "@/components/account/account-forms";
import { Card } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Profile" };

export default async function ProfilePage() {
  const user = await requireUser();
  return (
    <>
      <h1 className="text-2xl font-semibold">Profile</h1>
      <Card title="You" description={user.email}>
        <ProfileForm name={user.name} />
      </Card>
    </>
  );
}
