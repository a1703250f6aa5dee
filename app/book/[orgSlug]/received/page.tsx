import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Notice } from "@/components/ui/notice";
import { openBookingWorkshop } from "@/lib/appointments/booking-page";
import { AppError } from "@/lib/errors";

export const metadata: Metadata = { title: "Request received" };
export const dynamic = "force-dynamic";

/** Says nothing about the request itself: the address alone must not show anyone's booking. */
export default async function BookingReceivedPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  let workshop;
  try {
    workshop = await openBookingWorkshop(orgSlug);
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  return (
    <main className="mx-auto flex max-w-lg flex-col gap-4 px-4 py-10">
      <p className="text-sm font-medium text-blue-800">{workshop.name}</p>
      <h1 className="text-2xl font-semibold">Request received</h1>
      <Notice tone="success">Thank you. We have your request; the details are on their way to your email.</Notice>
      <p>
        This is a request, not yet a confirmed booking: {workshop.name} will email you when it is confirmed.
        {workshop.phone ? ` If you need to change it, call ${workshop.phone}.` : ""}
      </p>
      <Link href={`/book/${orgSlug}`} className="text-blue-700 underline underline-offset-2">Book another time</Link>
    </main>
  );
}
