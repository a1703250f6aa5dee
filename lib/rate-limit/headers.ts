import type { LimitState } from "./limiter";

/** The IETF RateLimit-* fields (draft-ietf-httpapi-ratelimit-headers) for an API answer. */
export function rateLimitHeaders(state: LimitState): Record<string, string> {
  return {
    "RateLimit-Limit": String(state.limit),
    "RateLimit-Remaining": String(state.remaining),
    "RateLimit-Reset": String(state.resetSeconds),
  };
}

/** A refusal's headers: the same fields with nothing remaining, and when to come back. */
export function tooManyRequestsHeaders(state: LimitState): Record<string, string> {
  return { ...rateLimitHeaders({ ...state, remaining: 0 }), "Retry-After": String(state.resetSeconds) };
}
