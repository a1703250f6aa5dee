// A workshop lives at /<slug>. A slug equal to one of the app's own top-level
// routes would be shadowed by that route (Next matches static segments first),
// leaving the workshop unreachable, so these are never given to a workshop.
// __tests__/unit/reserved-slugs.test.ts fails when a folder under app/ is missing here.
export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  "account", "api", "book", "dev", "developers", "estimate", "forgot-password", "invitations",
  "reset-password", "sign-in", "sign-up",
  // Next's own and the web's well-known paths, and words a workshop's address should never be.
  "_next", "favicon.ico", "icon.svg", "robots.txt", "sitemap.xml", "well-known", "static", "public",
  "admin", "settings", "help", "support", "status", "login", "logout", "signup", "signin", "www",
]);

export function isReservedSlug(slug: string): boolean {
  return RESERVED_SLUGS.has(slug);
}
