// The client's address for rate limits and audit entries. X-Forwarded-For is
// written by whoever sent the request, so only the entries appended by our own
// proxies are believed: with TRUSTED_PROXY_HOPS=N the address is the Nth entry
// from the right. With 0 (no proxy in front), no header is trusted and every
// client shares one "unidentified" bucket: limits stay on, spoofing gains nothing.
export const UNIDENTIFIED = "unidentified";

function trustedHops(): number {
  const hops = Number(process.env.TRUSTED_PROXY_HOPS ?? "0");
  return Number.isInteger(hops) && hops >= 0 && hops <= 10 ? hops : 0;
}

export function clientIp(forwardedFor: string | null | undefined): string {
  const hops = trustedHops();
  if (hops === 0 || !forwardedFor) return UNIDENTIFIED;
  const entries = forwardedFor.split(",").map((entry) => entry.trim()).filter(Boolean);
  const candidate = entries[entries.length - hops];
  return candidate && /^[0-9a-fA-F:.]{2,45}$/.test(candidate) ? candidate : UNIDENTIFIED;
}
