import { CrossTenantAccessError, scopeArgs } from "@/lib/db/tenant-scope";

const ORG = "0194f0a0-0000-7000-8000-000000000001";
const OTHER = "0194f0a0-0000-7000-8000-000000000002";

describe("scopeArgs", () => {
  test("list queries are ANDed with the organization, keeping the caller's filter", () => {
    expect(scopeArgs("findMany", { where: { displayName: "Jane" }, take: 5 }, ORG)).toEqual({
      where: { AND: [{ displayName: "Jane" }, { organizationId: ORG }] },
      take: 5,
    });
    expect(scopeArgs("count", undefined, ORG)).toEqual({ where: { organizationId: ORG } });
  });

  test("a caller's OR cannot widen the scope", () => {
    const scoped = scopeArgs("deleteMany", { where: { OR: [{ id: "x" }, { organizationId: OTHER }] } }, ORG);
    expect(scoped.where).toEqual({ AND: [{ OR: [{ id: "x" }, { organizationId: OTHER }] }, { organizationId: ORG }] });
  });

  test("unique lookups get the organization added next to the unique key", () => {
    expect(scopeArgs("update", { where: { organizationId_id: { organizationId: ORG, id: "c1" } }, data: { displayName: "J" } }, ORG))
      .toEqual({ where: { organizationId_id: { organizationId: ORG, id: "c1" }, organizationId: ORG }, data: { displayName: "J" } });
  });

  test("naming another organization anywhere is refused", () => {
    const refused = [
      () => scopeArgs("findUnique", { where: { organizationId_id: { organizationId: OTHER, id: "c1" } } }, ORG),
      () => scopeArgs("delete", { where: { organizationId: OTHER, organizationId_id: { organizationId: ORG, id: "c" } } }, ORG),
      () => scopeArgs("create", { data: { organizationId: OTHER, displayName: "x" } }, ORG),
      () => scopeArgs("createMany", { data: [{ displayName: "ok" }, { organizationId: OTHER, displayName: "x" }] }, ORG),
      () => scopeArgs("updateMany", { where: {}, data: { organizationId: OTHER } }, ORG),
      () => scopeArgs("update", { where: { organizationId_id: { organizationId: ORG, id: "c" } }, data: { organizationId: { set: OTHER } } }, ORG),
      () => scopeArgs("upsert", { where: { organizationId_id: { organizationId: ORG, id: "c" } }, create: { organizationId: OTHER }, update: {} }, ORG),
      () => scopeArgs("create", { data: { organization: { connect: { id: OTHER } }, displayName: "x" } }, ORG),
    ];
    for (const call of refused) expect(call).toThrow(CrossTenantAccessError);
  });

  test("creates are stamped with the organization", () => {
    expect(scopeArgs("createMany", { data: [{ displayName: "a" }, { displayName: "b", organizationId: ORG }] }, ORG)).toEqual({
      data: [{ displayName: "a", organizationId: ORG }, { displayName: "b", organizationId: ORG }],
    });
    expect(scopeArgs("upsert", { where: { organizationId_id: { organizationId: ORG, id: "c" } }, create: { displayName: "a" }, update: { displayName: "b" } }, ORG))
      .toMatchObject({ create: { displayName: "a", organizationId: ORG }, where: { organizationId: ORG } });
  });

  test("an operation it does not know is refused rather than passed through", () => {
    expect(() => scopeArgs("findRaw", {}, ORG)).toThrow(CrossTenantAccessError);
    expect(() => scopeArgs("findUnique", {}, ORG)).toThrow(CrossTenantAccessError);
  });
});
