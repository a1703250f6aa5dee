import { apiRoute } from "@/lib/api/api-route";
import { createVehicleOperation, listVehiclesOperation } from "@/lib/api/v1/vehicles";

export const dynamic = "force-dynamic";

export const GET = apiRoute(listVehiclesOperation);
export const POST = apiRoute(createVehicleOperation);
