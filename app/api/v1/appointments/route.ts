import { apiRoute } from "@/lib/api/api-route";
import { createAppointmentOperation, listAppointmentsOperation } from "@/lib/api/v1/appointments";

export const dynamic = "force-dynamic";

export const GET = apiRoute(listAppointmentsOperation);
export const POST = apiRoute(createAppointmentOperation);
