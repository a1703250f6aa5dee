import type { Metadata } from "next";
import { RequestResetForm } from "@/components/auth/reset-forms";
import { AuthCard } from "@/components/ui/card";

export const metadata: Metadata = { title: "Reset your password" };

export default function ForgotPasswordPage() {
  return (
    <AuthCard title="Reset your password">
      <RequestResetForm />
    </AuthCard>
  );
}
