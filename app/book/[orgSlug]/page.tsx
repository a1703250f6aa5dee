import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { BookingRequestForm } from "@/components/booking/booking-request-form";
import { loadBookingPage, type BookingPage } from "@/lib/appointments/booking-page";
import { AppError } from "@/lib/errors";
import { queryValue, type QueryParams } from "@/lib/http/query-params";

export const metadata: Metadata = { title: "Book an appointment" };
export const dynamic = "force-dynamic";

/** The workshop's public booking page: a location, a day, a free time, and the customer's details. */
export default async function BookingPage({
  params, searchParams,
}: { params: Promise<{ orgSlug: string }>; searchParams: Promise<QueryParams> }) {
  const { orgSlug } = await params;
  const query = await searchParams;
  let page: BookingPage;
  try {
    page = await loadBookingPage(orgSlug, { location: queryValue(query.location), day: queryValue(query.day) });
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  const base = `/book/${orgSlug}`;
  const link = (location: string, day?: string) => `${base}?${new URLSearchParams({ location, ...(day ? { day } : {}) }).toString()}`;
  const chosenDay = page.days.find((d) => d.date === page.day);

  return (
    <main className="relative mx-auto flex max-w-2xl flex-col gap-6 px-4 py-6">
      <header>
        <p className="text-sm font-medium text-blue-800">{page.workshop.name}</p>
        <h1 className="text-2xl font-semibold">Book an appointment</h1>
        {page.workshop.phone ? <p className="text-sm text-slate-600">Prefer to talk? Call {page.workshop.phone}.</p> : null}
      </header>
      {page.locations.length > 1 ? (
        <nav aria-labelledby="choose-location">
          <h2 id="choose-location" className="mb-2 font-semibold">Choose a location</h2>
          <ul className="grid gap-2 sm:grid-cols-2">
            {page.locations.map((location) => (
              <li key={location.id}>
                <Link
                  href={link(location.id)}
                  aria-current={page.location?.id === location.id ? "page" : undefined}
                  className={`block rounded-md border px-3 py-2 ${page.location?.id === location.id ? "border-blue-700 bg-blue-50" : "border-slate-300 bg-white hover:bg-slate-50"}`}
                >
                  <span className="font-medium">{location.name}</span>
                  {location.address ? <span className="block text-sm text-slate-600">{location.address}</span> : null}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {page.location ? (
        <>
          <section aria-labelledby="choose-day">
            <h2 id="choose-day" className="mb-1 font-semibold">Choose a day</h2>
            <p className="mb-2 text-sm text-slate-600">{page.location.name}{page.location.address ? `, ${page.location.address}` : ""} · times in {page.location.timezone}</p>
            <ul className="grid grid-cols-2 gap-2 sm:grid-cols-4">
              {page.days.map((day) => (
                <li key={day.date}>
                  {day.free > 0 ? (
                    <Link
                      href={link(page.location!.id, day.date)}
                      aria-current={day.date === page.day ? "date" : undefined}
                      className={`block rounded-md border px-2 py-2 text-center text-sm ${day.date === page.day ? "border-blue-700 bg-blue-50 font-semibold" : "border-slate-300 bg-white hover:bg-slate-50"}`}
                    >
                      {day.label}<span className="block text-xs text-slate-600">{day.free} free</span>
                    </Link>
                  ) : (
                    <span className="block rounded-md border border-slate-200 bg-slate-100 px-2 py-2 text-center text-sm text-slate-600">
                      {day.label}<span className="block text-xs">No free times</span>
                    </span>
                  )}
                </li>
              ))}
            </ul>
          </section>
          {page.formToken && chosenDay && page.slots.length > 0 ? (
            <BookingRequestForm orgSlug={orgSlug} locationId={page.location.id} formToken={page.formToken} dayLabel={chosenDay.label} slots={page.slots} />
          ) : (
            <p className="rounded-md border border-slate-200 bg-white p-4 text-sm">
              There are no free times in the next two weeks. {page.workshop.phone ? `Please call ${page.workshop.phone} to book.` : "Please contact the workshop to book."}
            </p>
          )}
        </>
      ) : null}
    </main>
  );
}
