"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { publicAction } from "@/lib/actions/org-action";
import { requestOnlineBooking } from "@/lib/appointments/request-online-booking";

// Loose: the request's fields are parsed by requestOnlineBooking, after its abuse checks.
export const requestOnlineBookingAction = publicAction(z.object({ orgSlug: z.string().max(64) }).loose(), async (input, origin) => {
  await requestOnlineBooking(input.orgSlug, input, origin);
  redirect(`/book/${encodeURIComponent(input.orgSlug)}/received`);
});
