import { apiRoute } from "@/lib/api/api-route";
import { createPrivacyExportOperation } from "@/lib/api/v1/privacy-exports";

export const dynamic = "force-dynamic";

export const POST = apiRoute(createPrivacyExportOperation);
