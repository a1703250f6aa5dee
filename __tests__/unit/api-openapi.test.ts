import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import type { ApiRouteHandler } from "@/lib/api/api-route";
import { API_OPERATIONS, openApiDocument } from "@/lib/api/registry";

const API_ROOT = path.join(__dirname, "..", "..", "app", "api", "v1");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;

/** Every route.ts under app/api/v1, with its OpenAPI path (`[id]` -> `{id}`). */
function routeFiles(dir = API_ROOT): Array<{ file: string; path: string }> {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    if (entry.name !== "route.ts") return [];
    const relative = path.relative(API_ROOT, path.dirname(full)).split(path.sep).map((part) => part.replace(/^\[(.+)\]$/, "{$1}"));
    return [{ file: full, path: `/${relative.join("/")}` }];
  });
}

/** The validator is ESM only: run it in a child node process on the document. */
function validateOpenApi(document: unknown): { valid: boolean; errors?: unknown } {
  const script = `
    import { Validator } from "@seriousme/openapi-schema-validator";
    let input = "";
    for await (const chunk of process.stdin) input += chunk;
    const result = await new Validator().validate(JSON.parse(input));
    process.stdout.write(JSON.stringify(result));`;
  const output = execFileSync(process.execPath, ["--input-type=module", "-e", script], { input: JSON.stringify(document), cwd: path.join(__dirname, "..", "..") });
  return JSON.parse(output.toString()) as { valid: boolean; errors?: unknown };
}

test("the OpenAPI document is valid OpenAPI 3.1", () => {
  const document = openApiDocument();
  expect(document.openapi).toBe("3.1.0");
  const result = validateOpenApi(document);
  expect(result.errors ?? []).toEqual([]);
  expect(result.valid).toBe(true);
  // and every $ref points at something in it
  const refs = JSON.stringify(document).match(/"\$ref":"[^"]+"/g) ?? [];
  expect(refs.length).toBeGreaterThan(0);
  for (const ref of new Set(refs)) {
    const pointer = ref.slice(8, -1).replace(/^#\//, "").split("/");
    const target = pointer.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], document);
    expect({ ref, found: target !== undefined }).toEqual({ ref, found: true });
  }
});

test("every route file under app/api/v1 serves registered operations at its own path, and every operation has its route", async () => {
  const served = new Set<string>();
  for (const route of routeFiles()) {
    const routeModule = (await import(route.file)) as Partial<Record<(typeof METHODS)[number], ApiRouteHandler>>;
    const handlers = METHODS.filter((method) => routeModule[method]);
    expect(handlers.length).toBeGreaterThan(0);
    for (const method of handlers) {
      const operation = routeModule[method]!.operation;
      expect(API_OPERATIONS).toContain(operation);
      expect({ file: route.file, method: operation.method, path: operation.path }).toEqual({ file: route.file, method, path: route.path });
      served.add(`${method} ${route.path}`);
    }
  }
  expect([...served].sort()).toEqual(API_OPERATIONS.map((operation) => `${operation.method} ${operation.path}`).sort());

  const documented = Object.entries(openApiDocument().paths).flatMap(([apiPath, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${apiPath}`));
  expect(documented.sort()).toEqual([...served].sort());
});

test("every keyed operation documents the key, its scope, the error answers and the RateLimit headers", () => {
  const document = openApiDocument();
  expect(document.components.securitySchemes.apiKey).toMatchObject({ type: "http", scheme: "bearer" });
  expect(document.components.schemas.Error).toMatchObject({ type: "object", required: ["error"] });
  for (const operation of API_OPERATIONS) {
    const described = document.paths[operation.path]![operation.method.toLowerCase()]!;
    const success = described.responses[String(operation.status)] as { headers?: Record<string, unknown> };
    if (operation.access === "public") {
      expect(described.security).toEqual([]);
      continue;
    }
    expect(described["x-awms-scope"]).toBe(operation.path.startsWith("/privacy/") ? "ADMIN" : operation.method === "GET" ? "READ" : "READ_WRITE");
    expect(Object.keys(success.headers ?? {})).toEqual(["RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"]);
    for (const status of ["400", "401", "403", "429", "500"]) expect(described.responses[status]).toBeDefined();
    if (operation.method !== "GET" || operation.path.includes("{")) expect(described.responses["404"]).toBeDefined();
    for (const param of operation.path.match(/\{(\w+)\}/g) ?? []) {
      expect(described.parameters).toContainEqual(expect.objectContaining({ name: param.slice(1, -1), in: "path", required: true }));
    }
  }
  expect(document.components.responses.TooManyRequests!.headers).toHaveProperty("Retry-After");
});

test("list operations document limit and cursor, and bodies are closed to unknown fields", () => {
  const document = openApiDocument();
  for (const operation of API_OPERATIONS) {
    const described = document.paths[operation.path]![operation.method.toLowerCase()]!;
    if (operation.resource.list) {
      expect(described.parameters.map((parameter) => parameter.name)).toEqual(expect.arrayContaining(["limit", "cursor"]));
    }
    if (described.requestBody) {
      expect(described.requestBody.content["application/json"].schema).toMatchObject({ type: "object", additionalProperties: false });
    }
  }
});
