// The export's download link on the Data & privacy page: signed, and good for
// a few minutes. The signature is not the whole lock: the download also needs
// a signed-in member allowed to export (lib/gdpr/export/open-export.ts), so a
// forwarded or leaked link is useless on its own.
import { createHmac, timingSafeEqual } from "node:crypto";
import { authSecret } from "@/lib/env";

export const DOWNLOAD_LINK_SECONDS = 15 * 60;

/** A key of its own, derived from the session secret, so a signature here means nothing anywhere else. */
const linkKey = () => createHmac("sha256", authSecret()).update("awms:gdpr-export-download:v1").digest();

const signatureOf = (orgId: string, requestId: string, expires: number) =>
  createHmac("sha256", linkKey()).update(`${orgId}\n${requestId}\n${expires}`).digest("base64url");

export function downloadPath(orgSlug: string, orgId: string, requestId: string, now: Date = new Date()): string {
  const expires = Math.floor(now.getTime() / 1000) + DOWNLOAD_LINK_SECONDS;
  const query = new URLSearchParams({ expires: String(expires), sig: signatureOf(orgId, requestId, expires) });
  return `/${orgSlug}/settings/privacy/exports/${requestId}/download?${query}`;
}

export type LinkCheck = "valid" | "expired" | "invalid";

export function checkDownloadLink(orgId: string, requestId: string, expires: string | null, sig: string | null, now: Date = new Date()): LinkCheck {
  if (!expires || !sig || !/^\d{1,12}$/.test(expires) || !/^[A-Za-z0-9_-]{43}$/.test(sig)) return "invalid";
  const expected = Buffer.from(signatureOf(orgId, requestId, Number(expires)));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return "invalid";
  return Number(expires) * 1000 <= now.getTime() ? "expired" : "valid";
}
