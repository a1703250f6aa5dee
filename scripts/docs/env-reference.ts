// The configuration reference in docs/OPERATIONS.md, generated from lib/env.ts:
// names, defaults and allowed values from the zod schemas, descriptions from the
// /** doc comments */ above each variable (zod does not carry comments).
import ts from "typescript";
import { z } from "zod";
import { clientSchema, serverSchema } from "@/lib/env";

export const ENV_BEGIN = "<!-- env:begin -->";
export const ENV_END = "<!-- env:end -->";

interface JsonSchemaProperty {
  type?: string;
  enum?: unknown[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  pattern?: string;
  format?: string;
}

/** Each variable's doc comment, read from the object literal passed to z.object in `const <schemaName>`. */
export function docComments(source: string, schemaName: string): Map<string, string> {
  const file = ts.createSourceFile("env.ts", source, ts.ScriptTarget.ES2022, true);
  const comments = new Map<string, string>();
  const visit = (node: ts.Node) => {
    if (ts.isVariableDeclaration(node) && node.name.getText(file) === schemaName && node.initializer) {
      const literal = findObjectLiteral(node.initializer);
      for (const property of literal?.properties ?? []) {
        if (!ts.isPropertyAssignment(property)) continue;
        const ranges = ts.getLeadingCommentRanges(source, property.getFullStart()) ?? [];
        const text = ranges
          .map((range) => source.slice(range.pos, range.end))
          .filter((comment) => comment.startsWith("/**"))
          .map((comment) => comment.replace(/^\/\*\*|\*\/$/g, "").split("\n").map((line) => line.replace(/^\s*\*?\s?/, "").trim()).join(" ").trim())
          .join(" ");
        comments.set(property.name.getText(file), text);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return comments;
}

// z.object({...}) may be wrapped: z.object({...}).superRefine(...).
function findObjectLiteral(node: ts.Node): ts.ObjectLiteralExpression | undefined {
  if (ts.isCallExpression(node)) {
    const callee = node.expression;
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === "object" && node.arguments[0] && ts.isObjectLiteralExpression(node.arguments[0])) {
      return node.arguments[0];
    }
    return ts.forEachChild(node, findObjectLiteral);
  }
  return ts.forEachChild(node, findObjectLiteral);
}

// A rule zod cannot describe as JSON Schema (a refine) still has a message: show it, from a value it refuses.
function refusal(schema: z.ZodType): string | undefined {
  const result = schema.safeParse("?");
  const message = result.success ? undefined : result.error.issues[0]?.message;
  return message?.replace(/^must be /, "");
}

function allowed(property: JsonSchemaProperty, schema: z.ZodType): string {
  if (property.enum) return property.enum.map((value) => `\`${String(value)}\``).join(", ");
  if (property.type === "integer" || property.type === "number") {
    return `${property.type === "integer" ? "integer" : "number"} ${property.minimum ?? "…"}–${property.maximum ?? "…"}`;
  }
  if (property.format === "uri") return "URL";
  if (property.pattern) return `matches \`${property.pattern.replace(/\\\//g, "/")}\``;
  if (property.minLength) return `at least ${property.minLength} characters`;
  return refusal(schema) ?? "text";
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|");
}

function rows(schema: z.ZodObject, comments: Map<string, string>): string[] {
  const json = z.toJSONSchema(schema, { io: "output", unrepresentable: "any" }) as { properties: Record<string, JsonSchemaProperty> };
  return Object.keys(schema.shape).map((name) => {
    const property = json.properties[name] ?? {};
    const fallback = property.default === undefined ? "unset" : `\`${String(property.default)}\``;
    return `| \`${name}\` | ${cell(fallback)} | ${cell(allowed(property, schema.shape[name] as z.ZodType))} | ${cell(comments.get(name) ?? "")} |`;
  });
}

export interface EnvSchemas {
  server: z.ZodObject;
  client: z.ZodObject;
}

/** The markdown that belongs between the env markers, for this lib/env.ts source. */
export function envReference(envSource: string, schemas: EnvSchemas = { server: serverSchema, client: clientSchema }): string {
  return [
    "_Generated from `lib/env.ts` by `npm run docs:env`; `__tests__/unit/operations-env-doc.test.ts` fails when it is out of date._",
    "",
    "| Variable | Default | Allowed values | What it does |",
    "|---|---|---|---|",
    ...rows(schemas.server, docComments(envSource, "serverSchema")),
    ...rows(schemas.client, docComments(envSource, "clientSchema")),
  ].join("\n");
}

/** Names in the schemas that have no doc comment: each must say what it does. */
export function undocumented(envSource: string): string[] {
  const server = docComments(envSource, "serverSchema");
  const client = docComments(envSource, "clientSchema");
  return [
    ...Object.keys(serverSchema.shape).filter((name) => !server.get(name)),
    ...Object.keys(clientSchema.shape).filter((name) => !client.get(name)),
  ];
}

/** The document with its env section replaced; throws when the markers are missing. */
export function withEnvReference(document: string, reference: string): string {
  const begin = document.indexOf(ENV_BEGIN);
  const end = document.indexOf(ENV_END);
  if (begin === -1 || end < begin) throw new Error(`${ENV_BEGIN} … ${ENV_END} markers not found`);
  return `${document.slice(0, begin + ENV_BEGIN.length)}\n${reference}\n${document.slice(end)}`;
}

/** What stands between the markers now. */
export function currentEnvReference(document: string): string | undefined {
  const begin = document.indexOf(ENV_BEGIN);
  const end = document.indexOf(ENV_END);
  if (begin === -1 || end < begin) return undefined;
  return document.slice(begin + ENV_BEGIN.length, end).trim();
}
