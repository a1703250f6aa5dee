import { apiRoute } from "@/lib/api/api-route";
import { getPrivacyExportOperation } from "@/lib/api/v1/privacy-exports";

export const dynamic = "force-dynamic";

export const GET = apiRoute(getPrivacyExportOperation);
