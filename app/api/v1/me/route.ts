import { apiRoute } from "@/lib/api/api-route";
import { getMeOperation } from "@/lib/api/v1/me";

export const dynamic = "force-dynamic";

export const GET = apiRoute(getMeOperation);
