import { createHmac, timingSafeEqual } from "node:crypto";
import { authSecret } from "@/lib/env";

// The public booking form carries the moment it was drawn, signed: a person
// takes more than a few seconds to fill it in, a script posting straight away
// does not, and a script cannot forge an older time without the secret.

/** Faster than this from page to submit is a script. */
export const MIN_FILL_MS = 3_000;
/** A form older than this is stale (its free times were computed long ago): reload it. */
export const MAX_FORM_AGE_MS = 6 * 60 * 60 * 1000;

const TOKEN = /^(\d{13})\.([0-9a-f]{64})$/;

function signature(orgId: string, issuedAt: number): string {
  // A key of its own, derived from the session secret, so this MAC can never stand in for a session's.
  const key = createHmac("sha256", authSecret()).update("awms:booking-form:v1").digest();
  return createHmac("sha256", key).update(`${orgId}|${issuedAt}`).digest("hex");
}

/** "issuedAtMs.hmac", bound to the workshop so one workshop's form cannot be replayed at another's. */
export function issueBookingFormToken(orgId: string, now: Date = new Date()): string {
  const issuedAt = now.getTime();
  return `${issuedAt}.${signature(orgId, issuedAt)}`;
}

export type FormTokenCheck = "ok" | "invalid" | "too-fast" | "expired";

export function checkBookingFormToken(token: unknown, orgId: string, now: Date = new Date()): FormTokenCheck {
  const match = typeof token === "string" ? TOKEN.exec(token) : null;
  if (!match) return "invalid";
  const issuedAt = Number(match[1]);
  const expected = Buffer.from(signature(orgId, issuedAt), "hex");
  if (!timingSafeEqual(expected, Buffer.from(match[2]!, "hex"))) return "invalid";
  const age = now.getTime() - issuedAt;
  if (age < MIN_FILL_MS) return "too-fast";
  if (age > MAX_FORM_AGE_MS) return "expired";
  return "ok";
}
