import { createHash, timingSafeEqual } from "node:crypto";
import { serverEnv } from "@/lib/env";

const digest = (value: string) => createHash("sha256").update(value).digest();

/**
 * Who may scrape: "disabled" without METRICS_TOKEN (the endpoint does not
 * exist), "allowed" for `Authorization: Bearer <METRICS_TOKEN>`, "refused"
 * otherwise. Compared as digests in constant time, so neither the token's
 * content nor its length leaks through timing.
 */
export function metricsAccess(authorization: string | null): "disabled" | "allowed" | "refused" {
  const token = serverEnv().METRICS_TOKEN;
  if (!token) return "disabled";
  const match = authorization?.match(/^Bearer (.+)$/);
  if (!match) return "refused";
  return timingSafeEqual(digest(match[1]!), digest(token)) ? "allowed" : "refused";
}
