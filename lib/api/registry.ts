// Every API operation, once. The route files under app/api/v1 serve these
// (apiRoute) and the OpenAPI document describes exactly these; a test walks
// app/api/v1 and fails when a route and this list disagree.
import { z } from "zod";
import { buildOpenApiDocument, type OpenApiDocument } from "./openapi";
import { definePublicOperation, type ApiOperation } from "./operation";
import { createAppointmentOperation, getAppointmentOperation, listAppointmentsOperation, updateAppointmentOperation } from "./v1/appointments";
import { createCustomerOperation, getCustomerOperation, listCustomersOperation, updateCustomerOperation } from "./v1/customers";
import { getMeOperation } from "./v1/me";
import { createPrivacyExportOperation, downloadPrivacyExportOperation, getPrivacyExportOperation } from "./v1/privacy-exports";
import { createRepairOrderOperation, getRepairOrderOperation, listRepairOrdersOperation, updateRepairOrderOperation } from "./v1/repair-orders";
import { createVehicleOperation, getVehicleOperation, listVehiclesOperation, updateVehicleOperation } from "./v1/vehicles";

let document: OpenApiDocument | undefined;

/** The document is the same for every request: built once per process. */
export function openApiDocument(): OpenApiDocument {
  return (document ??= buildOpenApiDocument(API_OPERATIONS));
}

export const getOpenApiOperation = definePublicOperation({
  operationId: "getOpenApiDocument",
  path: "/openapi.json",
  tag: "Workshop",
  summary: "This API's OpenAPI 3.1 document",
  description: "Public: no key needed.",
  output: { name: "OpenApiDocument", schema: z.object({ openapi: z.literal("3.1.0") }).loose() },
  handler: async () => ({ ...openApiDocument() }),
});

export const API_OPERATIONS: readonly ApiOperation[] = [
  getMeOperation,
  getOpenApiOperation,
  listCustomersOperation, getCustomerOperation, createCustomerOperation, updateCustomerOperation,
  listVehiclesOperation, getVehicleOperation, createVehicleOperation, updateVehicleOperation,
  listRepairOrdersOperation, getRepairOrderOperation, createRepairOrderOperation, updateRepairOrderOperation,
  listAppointmentsOperation, getAppointmentOperation, createAppointmentOperation, updateAppointmentOperation,
  createPrivacyExportOperation, getPrivacyExportOperation, downloadPrivacyExportOperation,
];
