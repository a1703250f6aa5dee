import { apiRoute } from "@/lib/api/api-route";
import { createCustomerOperation, listCustomersOperation } from "@/lib/api/v1/customers";

export const dynamic = "force-dynamic";

export const GET = apiRoute(listCustomersOperation);
export const POST = apiRoute(createCustomerOperation);
