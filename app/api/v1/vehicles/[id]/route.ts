import { apiRoute } from "@/lib/api/api-route";
import { getVehicleOperation, updateVehicleOperation } from "@/lib/api/v1/vehicles";

export const dynamic = "force-dynamic";

export const GET = apiRoute(getVehicleOperation);
export const PATCH = apiRoute(updateVehicleOperation);
