// Plain-words summaries of the JSON Schemas in the OpenAPI document, for the docs page.
type JsonSchema = Record<string, unknown>;

const PATTERNED_FORMATS = new Set(["date-time", "date", "uuid", "email"]);

/** "string (uuid)", "integer 1–100", "one of A, B", "string or null", "array of Customer" */
export function typeText(schema: JsonSchema | undefined): string {
  if (!schema) return "any";
  if (typeof schema.$ref === "string") return schema.$ref.split("/").pop()!;
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as JsonSchema[]).map(typeText).join(" or ");
  if (Array.isArray(schema.enum)) return `one of ${(schema.enum as unknown[]).map(String).join(", ")}`;
  if ("const" in schema) return JSON.stringify(schema.const);
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string | undefined];
  const parts = types.filter(Boolean).map((type) => {
    if (type === "array") return `array of ${typeText(schema.items as JsonSchema | undefined)}`;
    if (type === "string" && typeof schema.format === "string" && PATTERNED_FORMATS.has(schema.format)) return `string (${schema.format})`;
    if (type === "string" && typeof schema.pattern === "string" && schema.pattern.includes("T(?:")) return "string (date-time)";
    return type!;
  });
  return parts.length ? parts.join(" or ") : "object";
}

/** Limits worth telling a client: length, range, default. */
export function constraintText(schema: JsonSchema | undefined): string {
  if (!schema) return "";
  // "string or null": the limits sit on the string.
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as JsonSchema[]).map(constraintText).filter(Boolean).join("; ");
  const notes: string[] = [];
  const { minLength, maxLength, minimum, maximum } = schema as Record<string, number | undefined>;
  if (maxLength !== undefined && minLength === maxLength) notes.push(`exactly ${maxLength} characters`);
  else if (maxLength !== undefined) notes.push(minLength ? `${minLength}–${maxLength} characters` : `at most ${maxLength} characters`);
  if (minimum !== undefined && maximum !== undefined && Math.abs(maximum) < 1e15) notes.push(`${minimum}–${maximum}`);
  if ("default" in schema) notes.push(`default ${JSON.stringify(schema.default)}`);
  return notes.join("; ");
}

export interface FieldRow {
  name: string;
  type: string;
  required: boolean;
  notes: string;
}

const nestedObject = (schema: JsonSchema): JsonSchema | null => {
  if (schema.type === "object" && schema.properties) return schema;
  const items = schema.items as JsonSchema | undefined;
  return schema.type === "array" && items?.type === "object" && items.properties ? items : null;
};

/** The properties of an object schema as table rows; nested objects as `parent.child`, arrays of them as `parent[].child`. */
export function fieldRows(schema: JsonSchema | undefined, prefix = ""): FieldRow[] {
  const properties = (schema?.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema?.required ?? []) as string[]);
  return Object.entries(properties).flatMap(([name, property]) => {
    const row: FieldRow = {
      name: `${prefix}${name}`,
      type: typeText(property),
      required: required.has(name),
      notes: [typeof property.description === "string" ? property.description : "", constraintText(property)].filter(Boolean).join(" "),
    };
    const nested = nestedObject(property);
    return nested ? [row, ...fieldRows(nested, `${prefix}${name}${property.type === "array" ? "[]" : ""}.`)] : [row];
  });
}
