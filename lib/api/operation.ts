// One description per API operation: what the route handler runs and what the
// OpenAPI document says are read from the same object, so they cannot drift.
import { z } from "zod";
import { AppError } from "@/lib/errors";
import type { ApiKeyScope } from "@/lib/generated/prisma/client";
import type { KeysetPage } from "@/lib/pagination/keyset";
import type { ApiContext } from "./api-context";
import { decodeCursor, encodeCursor } from "./cursor";

export type HttpMethod = "GET" | "POST" | "PATCH";
type AnyObject = z.ZodObject;

export const NO_INPUT = z.object({}).strict();

export const ZPageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25).meta({ description: "Rows per page, 1 to 100." }),
  cursor: z.string().max(200).optional().meta({ description: "`next_cursor` of the previous page; omit for the first page." }),
});

export interface RawInput {
  params: Record<string, string | string[] | undefined>;
  query: Record<string, string>;
  /** the parsed JSON body; undefined for operations without one */
  body: unknown;
}

/** An operation with its types erased: what the route wrapper and the OpenAPI generator work with. */
export interface ApiOperation {
  operationId: string;
  method: HttpMethod;
  /** OpenAPI path under /api/v1, e.g. `/customers/{id}` */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  /** "public": no key; READ: any key; READ_WRITE: keys that may change data; ADMIN: admin keys only (GDPR exports) */
  access: "public" | ApiKeyScope;
  params: AnyObject;
  /** for lists, the filters and the page parameters together */
  query: AnyObject;
  body: z.ZodType | null;
  /** the answer's body schema, and the name of the resource schema in it */
  response: z.ZodType;
  resource: { name: string; schema: z.ZodType; list: boolean };
  status: 200 | 201 | 202;
  /** set when the answer is a file, not JSON: `run` then returns the Response to send (streamed) */
  file?: { contentType: string; description: string };
  run(ctx: ApiContext | null, raw: RawInput): Promise<unknown>;
}

interface Common<P extends AnyObject, Q extends AnyObject, B extends z.ZodType | null, O extends z.ZodType> {
  operationId: string;
  method: HttpMethod;
  path: string;
  tag: string;
  summary: string;
  description?: string;
  scope: ApiKeyScope;
  params?: P;
  query?: Q;
  body?: B;
  output: { name: string; schema: O };
  status?: 200 | 201 | 202;
}

type BodyOf<B> = B extends z.ZodType ? z.output<B> : undefined;

const parseBody = (schema: z.ZodType | null, raw: unknown) => (schema ? schema.parse(raw) : undefined);

export function defineOperation<P extends AnyObject = typeof NO_INPUT, Q extends AnyObject = typeof NO_INPUT, B extends z.ZodType | null = null, O extends z.ZodType = z.ZodType>(
  spec: Common<P, Q, B, O> & {
    handler: (ctx: ApiContext, input: { params: z.output<P>; query: z.output<Q>; body: BodyOf<B> }) => Promise<z.input<O>>;
  },
): ApiOperation {
  const params = spec.params ?? NO_INPUT;
  const query = spec.query ?? NO_INPUT;
  const body = spec.body ?? null;
  return {
    ...describe(spec, params, query, body),
    response: spec.output.schema,
    resource: { ...spec.output, list: false },
    run: async (ctx, raw) =>
      spec.handler(ctx!, { params: params.parse(raw.params) as z.output<P>, query: query.parse(raw.query) as z.output<Q>, body: parseBody(body, raw.body) as BodyOf<B> }),
  };
}

/** What a list handler is asked for: the page size and the client's cursor, as sent. */
export interface ListRequest {
  limit: number;
  cursor?: string;
}

export interface ListResult<T> {
  items: T[];
  /** the cursor of the next page, null on the last */
  nextCursor: string | null;
}

const badCursor = () =>
  new AppError("VALIDATION_FAILED", "Check the fields named in `fields`.", { fields: { cursor: "This is not a cursor from this API: pass next_cursor as it was given." } });

/** For lists paged by id (lib/pagination/keyset.ts): the cursor in and out. */
export async function keysetList<T>(page: ListRequest, load: (keyset: KeysetPage) => Promise<{ items: T[]; nextAfterId: string | null }>): Promise<ListResult<T>> {
  const afterId = page.cursor === undefined ? undefined : decodeCursor(page.cursor);
  if (afterId === null) throw badCursor();
  const { items, nextAfterId } = await load(afterId ? { afterId, limit: page.limit } : { limit: page.limit });
  return { items, nextCursor: nextAfterId ? encodeCursor(nextAfterId) : null };
}

/** A GET of a list: filters from `query`, plus `limit` and an opaque `cursor`; answers `{ data, next_cursor }`. */
export function defineListOperation<P extends AnyObject = typeof NO_INPUT, Q extends AnyObject = typeof NO_INPUT, O extends z.ZodType = z.ZodType>(
  spec: Omit<Common<P, Q, null, O>, "method" | "body" | "status"> & {
    handler: (ctx: ApiContext, input: { params: z.output<P>; query: z.output<Q>; page: ListRequest }) => Promise<ListResult<z.input<O>>>;
  },
): ApiOperation {
  const params = spec.params ?? NO_INPUT;
  const filters = spec.query ?? NO_INPUT;
  const query = filters.extend(ZPageQuery.shape).strict();
  const response = z.object({
    data: z.array(spec.output.schema),
    next_cursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last page." }),
  }).strict();
  return {
    ...describe({ ...spec, method: "GET" }, params, query, null),
    response,
    resource: { ...spec.output, list: true },
    run: async (ctx, raw) => {
      const { limit, cursor, ...rest } = query.parse(raw.query) as z.output<typeof ZPageQuery> & Record<string, unknown>;
      const page = await spec.handler(ctx!, { params: params.parse(raw.params) as z.output<P>, query: rest as z.output<Q>, page: cursor === undefined ? { limit } : { limit, cursor } });
      return { data: page.items, next_cursor: page.nextCursor };
    },
  };
}

/**
 * A GET that answers a file (streamed) instead of JSON. `output` names the
 * resource the file belongs to, for the document; the handler returns the
 * Response whose body is the file.
 */
export function defineFileOperation<P extends AnyObject = typeof NO_INPUT, O extends z.ZodType = z.ZodType>(
  spec: Omit<Common<P, typeof NO_INPUT, null, O>, "method" | "query" | "body" | "status"> & {
    file: { contentType: string; description: string };
    handler: (ctx: ApiContext, input: { params: z.output<P> }) => Promise<Response>;
  },
): ApiOperation {
  const params = spec.params ?? NO_INPUT;
  return {
    ...describe({ ...spec, method: "GET" }, params, NO_INPUT, null),
    response: z.instanceof(Response),
    resource: { ...spec.output, list: false },
    file: spec.file,
    run: async (ctx, raw) => spec.handler(ctx!, { params: params.parse(raw.params) as z.output<P> }),
  };
}

/** A document or endpoint anyone may read without a key. */
export function definePublicOperation<O extends z.ZodType>(
  spec: Omit<Common<typeof NO_INPUT, typeof NO_INPUT, null, O>, "method" | "scope" | "params" | "query" | "body" | "status"> & { handler: () => Promise<z.input<O>> },
): ApiOperation {
  return {
    ...describe({ ...spec, method: "GET", scope: "READ" }, NO_INPUT, NO_INPUT, null),
    access: "public",
    response: spec.output.schema,
    resource: { ...spec.output, list: false },
    run: () => spec.handler(),
  };
}

function describe(
  spec: Pick<Common<AnyObject, AnyObject, null, z.ZodType>, "operationId" | "method" | "path" | "tag" | "summary" | "description" | "scope" | "status">,
  params: AnyObject, query: AnyObject, body: z.ZodType | null,
) {
  return {
    operationId: spec.operationId,
    method: spec.method,
    path: spec.path,
    tag: spec.tag,
    summary: spec.summary,
    description: spec.description,
    access: spec.scope,
    params,
    query,
    body,
    status: spec.status ?? (spec.method === "POST" ? 201 : 200),
  } as const;
}
