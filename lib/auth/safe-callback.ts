/**
 * Where to go after signing in: a path on this site, never another host.
 * Rejects "//host", "/\host" (browsers read "\" as "/") and control characters.
 */
export function safeCallback(value: string | null | undefined): string {
  if (!value || !/^\/(?![/\\])/.test(value) || /[\u0000-\u001f\u007f\\]/.test(value)) return "/";
  try {
    const resolved = new URL(value, "http://awms.invalid");
    return resolved.host === "awms.invalid" ? `${resolved.pathname}${resolved.search}` : "/";
  } catch {
    return "/";
  }
}
