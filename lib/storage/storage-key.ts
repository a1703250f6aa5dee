import { randomBytes } from "node:crypto";

const KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/[0-9a-f]{32}$/;

/**
 * `<workshop id>/<128 random bits>`: never built from anything a user sent, so
 * no file name can reach a path, and one workshop's objects sit under one prefix.
 */
export const newStorageKey = (orgId: string) => `${orgId.toLowerCase()}/${randomBytes(16).toString("hex")}`;

/** Every store refuses any other key shape before touching a path or URL. */
export function assertStorageKey(key: string): void {
  if (!KEY.test(key)) throw new Error("not an attachment storage key");
}
