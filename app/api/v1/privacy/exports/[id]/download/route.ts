import { apiRoute } from "@/lib/api/api-route";
import { downloadPrivacyExportOperation } from "@/lib/api/v1/privacy-exports";

export const dynamic = "force-dynamic";

export const GET = apiRoute(downloadPrivacyExportOperation);
