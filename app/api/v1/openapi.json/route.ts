import { apiRoute } from "@/lib/api/api-route";
import { getOpenApiOperation } from "@/lib/api/registry";

export const dynamic = "force-dynamic";

export const GET = apiRoute(getOpenApiOperation);
