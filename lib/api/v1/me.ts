import { z } from "zod";
import { PLANS } from "@/lib/billing/plans";
import { ApiKeyScope, Plan } from "@/lib/generated/prisma/client";
import { defineOperation } from "../operation";

const ZMe = z
  .object({
    workshop: z.object({ id: z.uuid(), name: z.string(), slug: z.string() }).strict(),
    apiKey: z.object({ id: z.uuid(), scope: z.enum(ApiKeyScope) }).strict(),
    plan: z
      .object({
        code: z.enum(Plan),
        label: z.string(),
        apiRequestsPerMinute: z.int().meta({ description: "All of the workshop's keys together." }),
      })
      .strict(),
  })
  .strict();

/** Costs one key lookup and nothing else: also what the rate-limit benchmark calls. */
export const getMeOperation = defineOperation({
  operationId: "getMe",
  method: "GET",
  path: "/me",
  tag: "Workshop",
  summary: "The key's workshop, scope and limits",
  description: "A cheap call to check a key and read the plan's API limit.",
  scope: "READ",
  output: { name: "Me", schema: ZMe },
  handler: async (ctx) => ({
    workshop: { id: ctx.orgId, name: ctx.orgName, slug: ctx.orgSlug },
    apiKey: { id: ctx.apiKeyId, scope: ctx.scope },
    plan: { code: ctx.plan, label: PLANS[ctx.plan].label, apiRequestsPerMinute: PLANS[ctx.plan].apiRequestsPerMinute },
  }),
});
