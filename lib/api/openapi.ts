// The OpenAPI 3.1 document, generated from the operations the route handlers
// run (lib/api/registry.ts): parameters, bodies and answers are the same zod
// schemas that validate them, converted by zod's own JSON Schema output.
import { z } from "zod";
import { ZApiError } from "./api-error";
import type { ApiOperation } from "./operation";

type JsonSchema = Record<string, unknown>;

export interface OpenApiDocument {
  openapi: "3.1.0";
  info: { title: string; version: string; description: string };
  servers: Array<{ url: string }>;
  security: Array<Record<string, string[]>>;
  tags: Array<{ name: string }>;
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: {
    securitySchemes: Record<string, JsonSchema>;
    schemas: Record<string, JsonSchema>;
    headers: Record<string, JsonSchema>;
    responses: Record<string, JsonSchema>;
  };
}

export interface OpenApiParameter {
  name: string;
  in: "path" | "query";
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

export interface OpenApiOperation {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  security?: Array<Record<string, string[]>>;
  "x-awms-scope": string;
  parameters: OpenApiParameter[];
  requestBody?: { required: true; content: { "application/json": { schema: JsonSchema } } };
  responses: Record<string, JsonSchema>;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** zod -> JSON Schema 2020-12 (OpenAPI 3.1's dialect); named schemas become $refs. */
function toJson(schema: z.ZodType, io: "input" | "output", named: ReadonlyMap<unknown, string> = new Map()): JsonSchema {
  const json = z.toJSONSchema(schema, {
    target: "draft-2020-12",
    io,
    override: ({ zodSchema, jsonSchema }) => {
      const name = named.get(zodSchema);
      if (!name) return;
      for (const key of Object.keys(jsonSchema)) delete (jsonSchema as JsonSchema)[key];
      Object.assign(jsonSchema, ref(name));
    },
  }) as JsonSchema;
  delete json.$schema;
  return json;
}

function parametersOf(schema: z.ZodObject, where: "path" | "query"): OpenApiParameter[] {
  const json = toJson(schema, "input");
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === "path" || required.has(name),
    ...(typeof property.description === "string" ? { description: property.description } : {}),
    schema: property,
  }));
}

const RATE_LIMIT_HEADERS = {
  "RateLimit-Limit": { $ref: "#/components/headers/RateLimit-Limit" },
  "RateLimit-Remaining": { $ref: "#/components/headers/RateLimit-Remaining" },
  "RateLimit-Reset": { $ref: "#/components/headers/RateLimit-Reset" },
};

function errorResponse(description: string, extraHeaders: JsonSchema = {}) {
  return { description, headers: { ...RATE_LIMIT_HEADERS, ...extraHeaders }, content: { "application/json": { schema: ref("Error") } } };
}

const COMPONENT_RESPONSES = {
  BadRequest: errorResponse("VALIDATION_FAILED: a parameter or body field is wrong; `fields` names each one by its path."),
  Unauthorized: errorResponse("UNAUTHENTICATED: no key, or a key that is malformed, unknown or revoked, or whose creator no longer manages the workshop."),
  PaymentRequired: errorResponse("QUOTA_EXCEEDED (the plan's limit for this resource is reached) or READ_ONLY (the workshop is read-only until an overdue invoice is paid)."),
  Forbidden: errorResponse("FORBIDDEN (a read-only key asked to change data, or a key without the ADMIN scope asked for GDPR exports) or PLAN_FEATURE (the workshop's plan has no API access)."),
  NotFound: errorResponse("NOT_FOUND: no such record in this workshop (ids of other workshops and malformed ids included)."),
  Conflict: errorResponse("CONFLICT: the change clashes with the record's state (an illegal status move, a VIN already on file, a concurrent change)."),
  Gone: errorResponse("GONE: the export expired and its file was deleted; request a new one."),
  TooManyRequests: errorResponse("RATE_LIMITED: the workshop's per-minute API limit, or its burst limit (a sixth of the minute's in any 10 seconds), is used up (or this address sent too many bad keys). Wait `Retry-After` seconds.", {
    "Retry-After": { $ref: "#/components/headers/Retry-After" },
  }),
  InternalError: errorResponse("INTERNAL: our fault; the message carries a request id to quote."),
};

const responseRef = (name: keyof typeof COMPONENT_RESPONSES) => ({ $ref: `#/components/responses/${name}` });

function operationObject(operation: ApiOperation, named: ReadonlyMap<unknown, string>): OpenApiOperation {
  const isPublic = operation.access === "public";
  const writes = operation.method !== "GET";
  const hasTarget = Object.keys(operation.params.shape).length > 0 || operation.body !== null;
  const content = operation.file
    ? { [operation.file.contentType]: { schema: { type: "string", contentMediaType: operation.file.contentType } } }
    : { "application/json": { schema: toJson(operation.response, "output", named) } };
  const responses: Record<string, JsonSchema> = {
    [String(operation.status)]: {
      description: operation.file?.description ?? (operation.resource.list ? `A page of ${operation.resource.name} records.` : `The ${operation.resource.name}.`),
      ...(isPublic ? {} : { headers: RATE_LIMIT_HEADERS }),
      content,
    },
  };
  if (!isPublic) {
    Object.assign(responses, { "400": responseRef("BadRequest"), "401": responseRef("Unauthorized"), "403": responseRef("Forbidden") });
    if (hasTarget) responses["404"] = responseRef("NotFound");
    if (writes) Object.assign(responses, { "402": responseRef("PaymentRequired"), "409": responseRef("Conflict") });
    if (operation.file) Object.assign(responses, { "409": responseRef("Conflict"), "410": responseRef("Gone") });
    responses["429"] = responseRef("TooManyRequests");
  }
  responses["500"] = responseRef("InternalError");
  return {
    operationId: operation.operationId,
    summary: operation.summary,
    ...(operation.description ? { description: operation.description } : {}),
    tags: [operation.tag],
    ...(isPublic ? { security: [] } : {}),
    "x-awms-scope": operation.access,
    parameters: [...parametersOf(operation.params, "path"), ...parametersOf(operation.query, "query")],
    ...(operation.body ? { requestBody: { required: true, content: { "application/json": { schema: toJson(operation.body, "input") } } } } : {}),
    responses,
  };
}

const integerHeader = (description: string) => ({ description, schema: { type: "integer", minimum: 0 } });

export function buildOpenApiDocument(operations: readonly ApiOperation[]): OpenApiDocument {
  const named = new Map<z.ZodType, string>([[ZApiError, "Error"]]);
  for (const operation of operations) named.set(operation.resource.schema, operation.resource.name);
  const schemas: Record<string, JsonSchema> = {};
  for (const [schema, name] of named) schemas[name] = toJson(schema, "output");

  const paths: OpenApiDocument["paths"] = {};
  for (const operation of operations) {
    (paths[operation.path] ??= {})[operation.method.toLowerCase()] = operationObject(operation, named);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "AWMS API",
      version: "1.0.0",
      description: "Read and change a workshop's customers, vehicles, repair orders and appointments from another system. Every request but this document needs an API key.",
    },
    servers: [{ url: "/api/v1" }],
    security: [{ apiKey: [] }],
    tags: [...new Set(operations.map((operation) => operation.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        apiKey: {
          type: "http",
          scheme: "bearer",
          description: "An API key from Workshop settings -> API keys (owners and admins): `Authorization: Bearer awms_...`. READ keys may only GET; only ADMIN keys may use the GDPR exports (`x-awms-scope: ADMIN`).",
        },
      },
      schemas,
      headers: {
        "RateLimit-Limit": integerHeader("Requests allowed per window, of the tighter limit: the workshop's per-minute plan limit or its burst limit, a sixth of that per 10 seconds (on a 401, the per-address limit of failed keys)."),
        "RateLimit-Remaining": integerHeader("Requests left in this window."),
        "RateLimit-Reset": integerHeader("Seconds until the window resets."),
        "Retry-After": integerHeader("Seconds to wait before trying again."),
      },
      responses: COMPONENT_RESPONSES,
    },
  };
}
