import { z } from "zod";
import { getExport } from "@/lib/gdpr/export/get-export";
import { exportDownloadResponse, openExportDownload } from "@/lib/gdpr/export/open-export";
import { requestExport } from "@/lib/gdpr/export/request-export";
import { PrivacyRequestScope, PrivacyRequestStatus, type PrivacyRequest } from "@/lib/generated/prisma/client";
import { defineFileOperation, defineOperation } from "../operation";
import { iso, isoOrNull, ZIdParams, ZTimestamp } from "./schema-parts";

const tag = "Privacy";

const ZPrivacyExportDto = z
  .object({
    id: z.uuid(),
    scope: z.enum(PrivacyRequestScope).meta({ description: "CUSTOMER: one data subject; ORGANIZATION: the whole workshop." }),
    customerId: z.uuid().nullable(),
    status: z.enum(PrivacyRequestStatus).meta({ description: "QUEUED, RUNNING, READY (download until expiresAt), COMPLETED (expired and deleted) or FAILED." }),
    progress: z.object({ done: z.int(), total: z.int() }).strict().meta({ description: "Records written so far and expected (total is 0 until the job has counted)." }),
    requestedAt: ZTimestamp,
    dueAt: ZTimestamp.meta({ description: "The legal deadline: one month after the request (GDPR Art. 12(3))." }),
    completedAt: ZTimestamp.nullable(),
    expiresAt: ZTimestamp.nullable().meta({ description: "The file is deleted after this." }),
    byteSize: z.int().nullable(),
    sha256: z.string().nullable().meta({ description: "Hex SHA-256 of the ZIP file." }),
    error: z.string().nullable().meta({ description: "Why it failed, in words." }),
    downloadUrl: z.string().nullable().meta({ description: "While READY: where to GET the ZIP with the same admin key." }),
  })
  .strict();

const output = { name: "PrivacyExport", schema: ZPrivacyExportDto };

const dto = (request: PrivacyRequest): z.input<typeof ZPrivacyExportDto> => ({
  id: request.id,
  scope: request.scope,
  customerId: request.customerId,
  status: request.status,
  progress: { done: request.progressDone, total: request.progressTotal },
  requestedAt: iso(request.createdAt),
  dueAt: iso(request.dueAt),
  completedAt: isoOrNull(request.completedAt),
  expiresAt: isoOrNull(request.expiresAt),
  byteSize: request.byteSize === null ? null : Number(request.byteSize),
  sha256: request.sha256,
  error: request.error,
  downloadUrl: request.status === "READY" ? `/api/v1/privacy/exports/${request.id}/download` : null,
});

const ZExportBody = z
  .object({
    scope: z.enum(["CUSTOMER", "ORGANIZATION"]).meta({ description: "CUSTOMER exports one customer's data (give customerId); ORGANIZATION the whole workshop's." }),
    customerId: z.uuid().optional().meta({ description: "The customer, when scope is CUSTOMER." }),
  })
  .strict()
  .refine((body) => body.scope !== "CUSTOMER" || body.customerId, { path: ["customerId"], message: "Give the customer's id for a CUSTOMER export." });

export const createPrivacyExportOperation = defineOperation({
  operationId: "createPrivacyExport",
  method: "POST",
  path: "/privacy/exports",
  tag,
  summary: "Start a GDPR export (Art. 15/20) of one customer or of the whole workshop",
  description: "Admin keys only. Answers 202 at once; a background job builds the ZIP. Poll the export until its status is READY, then download it.",
  scope: "ADMIN",
  body: ZExportBody,
  output,
  status: 202,
  handler: async (ctx, { body }) => dto(await requestExport(ctx, body)),
});

export const getPrivacyExportOperation = defineOperation({
  operationId: "getPrivacyExport",
  method: "GET",
  path: "/privacy/exports/{id}",
  tag,
  summary: "An export's status and progress, and its download URL once READY",
  description: "Admin keys only.",
  scope: "ADMIN",
  params: ZIdParams("export"),
  output,
  handler: async (ctx, { params }) => dto(await getExport(ctx, params.id)),
});

export const downloadPrivacyExportOperation = defineFileOperation({
  operationId: "downloadPrivacyExport",
  path: "/privacy/exports/{id}/download",
  tag,
  summary: "Download a READY export's ZIP",
  description: "Admin keys only. Streams the ZIP (metadata.json, schema.json, one JSON file per kind of record, photos/). Each download is audited.",
  scope: "ADMIN",
  params: ZIdParams("export"),
  output,
  file: { contentType: "application/zip", description: "The export's ZIP file." },
  handler: async (ctx, { params }) => exportDownloadResponse(await openExportDownload(ctx, params.id, { apiKey: true })),
});
