import { AsyncLocalStorage } from "node:async_hooks";

/** What every log line written while serving one request (or running one background job) carries. */
export interface RequestContext {
  requestId: string | null;
  organizationId?: string;
  userId?: string;
  /** the queue of the background job being run */
  job?: string;
  jobId?: string;
}

// On globalThis: Next may evaluate this module twice (route and action bundles),
// and both copies must see the store the wrapper entered.
const holder = globalThis as unknown as { awmsRequestContext?: AsyncLocalStorage<RequestContext> };
const storage = (holder.awmsRequestContext ??= new AsyncLocalStorage<RequestContext>());

/** Runs `work` with the request's context; log lines inside it (however deep, however async) carry it. */
export function withRequestContext<T>(context: RequestContext, work: () => T): T {
  return storage.run({ ...context }, work);
}

/** The current request's or job's context, or undefined outside both (start-up, scripts). */
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

/** Names the signed-in user of a request outside any workshop (their own account). */
export function identifyUser(userId: string): void {
  const store = storage.getStore();
  if (store) store.userId = userId;
}
