import { apiRoute } from "@/lib/api/api-route";
import { getAppointmentOperation, updateAppointmentOperation } from "@/lib/api/v1/appointments";

export const dynamic = "force-dynamic";

export const GET = apiRoute(getAppointmentOperation);
export const PATCH = apiRoute(updateAppointmentOperation);
