import { apiRoute } from "@/lib/api/api-route";
import { getRepairOrderOperation, updateRepairOrderOperation } from "@/lib/api/v1/repair-orders";

export const dynamic = "force-dynamic";

export const GET = apiRoute(getRepairOrderOperation);
export const PATCH = apiRoute(updateRepairOrderOperation);
