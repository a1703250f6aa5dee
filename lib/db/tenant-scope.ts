// Rewrites the arguments of one Prisma model operation so it can only touch
// the given organization's rows. This is the first of two walls: Postgres RLS
// is the second and holds even where this one is bypassed (raw SQL, nested
// relations). A foreign organizationId in the arguments is refused, never
// silently replaced.

export class CrossTenantAccessError extends Error {
  constructor(detail: string) {
    super(`Cross-tenant access refused: ${detail}`);
    this.name = "CrossTenantAccessError";
  }
}

type Args = Record<string, unknown>;

const UNIQUE_WHERE = new Set(["findUnique", "findUniqueOrThrow", "update", "delete", "upsert"]);
const FILTER_WHERE = new Set([
  "findFirst",
  "findFirstOrThrow",
  "findMany",
  "count",
  "aggregate",
  "groupBy",
  "updateMany",
  "updateManyAndReturn",
  "deleteMany",
]);
const CREATE_DATA = new Set(["create", "createMany", "createManyAndReturn"]);
const UPDATE_DATA = new Set(["update", "updateMany", "updateManyAndReturn"]);

const isRecord = (value: unknown): value is Args =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function checkOrganizationId(value: unknown, orgId: string, where: string) {
  if (value !== undefined && value !== orgId) {
    throw new CrossTenantAccessError(`${where} names another organization`);
  }
}

function scopeUniqueWhere(where: unknown, orgId: string): Args {
  if (!isRecord(where)) throw new CrossTenantAccessError("a unique lookup needs a where clause");
  checkOrganizationId(where.organizationId, orgId, "where.organizationId");
  const compound = where.organizationId_id;
  if (compound !== undefined) {
    if (!isRecord(compound)) throw new CrossTenantAccessError("malformed organizationId_id");
    checkOrganizationId(compound.organizationId, orgId, "where.organizationId_id");
  }
  return { ...where, organizationId: orgId };
}

function scopeFilterWhere(where: unknown, orgId: string): Args {
  if (where === undefined) return { organizationId: orgId };
  if (!isRecord(where)) throw new CrossTenantAccessError("malformed where clause");
  return { AND: [where, { organizationId: orgId }] };
}

function scopeCreateRow(row: unknown, orgId: string): Args {
  if (!isRecord(row)) throw new CrossTenantAccessError("malformed create data");
  checkOrganizationId(row.organizationId, orgId, "data.organizationId");
  if ("organization" in row) throw new CrossTenantAccessError("connect the organization by organizationId only");
  return { ...row, organizationId: orgId };
}

function checkUpdateData(data: unknown, orgId: string) {
  if (!isRecord(data)) return;
  const value = data.organizationId;
  const target = isRecord(value) ? value.set : value;
  checkOrganizationId(target, orgId, "data.organizationId");
  if ("organization" in data) throw new CrossTenantAccessError("a row cannot move to another organization");
}

export function scopeArgs(operation: string, rawArgs: unknown, orgId: string): Args {
  const args: Args = isRecord(rawArgs) ? { ...rawArgs } : {};
  const known = UNIQUE_WHERE.has(operation) || FILTER_WHERE.has(operation) || CREATE_DATA.has(operation);
  if (!known) throw new CrossTenantAccessError(`operation ${operation} is not supported on tenant models`);

  if (UNIQUE_WHERE.has(operation)) args.where = scopeUniqueWhere(args.where, orgId);
  if (FILTER_WHERE.has(operation)) args.where = scopeFilterWhere(args.where, orgId);
  if (CREATE_DATA.has(operation)) {
    args.data = Array.isArray(args.data)
      ? args.data.map((row) => scopeCreateRow(row, orgId))
      : scopeCreateRow(args.data, orgId);
  }
  if (UPDATE_DATA.has(operation)) checkUpdateData(args.data, orgId);
  if (operation === "upsert") {
    args.create = scopeCreateRow(args.create, orgId);
    checkUpdateData(args.update, orgId);
  }
  return args;
}
