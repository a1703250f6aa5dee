import { apiRoute } from "@/lib/api/api-route";
import { getCustomerOperation, updateCustomerOperation } from "@/lib/api/v1/customers";

export const dynamic = "force-dynamic";

export const GET = apiRoute(getCustomerOperation);
export const PATCH = apiRoute(updateCustomerOperation);
