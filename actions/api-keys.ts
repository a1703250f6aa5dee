"use server";

import { orgAction } from "@/lib/actions/org-action";
import { createApiKey, ZCreateApiKey } from "@/lib/api-keys/create-api-key";
import { revokeApiKey, ZRevokeApiKey } from "@/lib/api-keys/revoke-api-key";

export const createApiKeyAction = orgAction(ZCreateApiKey, async (ctx, input) => {
  const { apiKey, key } = await createApiKey(ctx, input);
  // The only time the key leaves the server: the page shows it once.
  return { ok: true, message: `Key “${apiKey.name}” created.`, data: { key } };
});

// Revoking stays possible while the workshop is read-only for non-payment: shutting a door is never refused.
export const revokeApiKeyAction = orgAction(
  ZRevokeApiKey,
  async (ctx, { apiKeyId }) => {
    const key = await revokeApiKey(ctx, apiKeyId);
    return { ok: true, message: `Key “${key.name}” revoked.` };
  },
  { allowedWhenReadOnly: true },
);
