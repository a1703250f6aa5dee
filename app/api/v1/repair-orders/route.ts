import { apiRoute } from "@/lib/api/api-route";
import { createRepairOrderOperation, listRepairOrdersOperation } from "@/lib/api/v1/repair-orders";

export const dynamic = "force-dynamic";

export const GET = apiRoute(listRepairOrdersOperation);
export const POST = apiRoute(createRepairOrderOperation);
