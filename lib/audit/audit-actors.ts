import { db } from "@/lib/db";

export interface ActorLabel {
  /** who, as an admin reads it: a member's name, "API key …1a2b (Ann)", or "No user" */
  name: string;
  apiKeyId: string | null;
}

const apiKeyOf = (metadata: unknown): string | null => {
  const value = metadata && typeof metadata === "object" && !Array.isArray(metadata) ? (metadata as Record<string, unknown>).apiKeyId : null;
  return typeof value === "string" ? value : null;
};

/** Names for the users of a page of entries: one query, users being a global table. */
export async function userNames(userIds: Iterable<string>): Promise<Map<string, string>> {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return new Map();
  const users = await db().user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, email: true } });
  return new Map(users.map((user) => [user.id, user.name || user.email]));
}

export function actorLabel(entry: { actorUserId: string | null; metadata: unknown }, names: Map<string, string>): ActorLabel {
  const apiKeyId = apiKeyOf(entry.metadata);
  const person = entry.actorUserId ? names.get(entry.actorUserId) ?? "Former user" : null;
  if (apiKeyId) return { name: `API key${person ? ` (created by ${person})` : ""}`, apiKeyId };
  return { name: person ?? "No user", apiKeyId: null };
}
