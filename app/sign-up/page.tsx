import type { Metadata } from "next";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { AuthCard } from "@/components/ui/card";

export const metadata: Metadata = { title: "Create your workshop" };

export default function SignUpPage() {
  const timezones = Intl.supportedValuesOf("timeZone");
  return (
    <AuthCard title="Create your workshop">
      <SignUpForm timezones={timezones} />
    </AuthCard>
  );
}
