import { AsyncLocalStorage } from "node:async_hooks";

/** What every log line written while serving one request carries. */
export interface RequestContext {
  requestId: string | null;
  organizationId?: string;
  userId?: string;
}

// On globalThis: Next may evaluate this module twice (route and action bundles),
// and both copies must see the store the wrapper entered.
const holder = globalThis as unknown as { awmsRequestContext?: AsyncLocalStorage<RequestContext> };
const storage = (holder.awmsRequestContext ??= new AsyncLocalStorage<RequestContext>());

/** Runs `work` with the request's context; log lines inside it (however deep, however async) carry it. */
export function withRequestContext<T>(context: RequestContext, work: () => T): T {
  return storage.run({ ...context }, work);
}

/** The current request's context, or undefined outside a request (start-up, jobs, scripts). */
export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

/** Names the workshop and user once the request has been authenticated (a no-op outside a request). */
export function identifyRequest(organizationId: string, userId: string | null | undefined): void {
  const store = storage.getStore();
  if (!store) return;
  store.organizationId = organizationId;
  if (userId) store.userId = userId;
}
