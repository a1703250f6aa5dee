// The Prometheus metrics of this process, in one registry. Kept on globalThis:
// Next may evaluate this module more than once (route, action and
// instrumentation bundles), and prom-client refuses a metric registered twice.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    httpRequests: new Counter({ name: "awms_http_requests_total", help: "HTTP requests handled, by route pattern, method and status class", labelNames: ["route", "method", "status_class"], registers }),
    httpDuration: new Histogram({ name: "awms_http_request_duration_seconds", help: "Time to answer an HTTP request, by route pattern, method and status class", labelNames: ["route", "method", "status_class"], buckets: SECONDS, registers }),
    actions: new Counter({ name: "awms_server_actions_total", help: "Server Actions run, by action and outcome (ok, refused, error, redirect)", labelNames: ["action", "outcome"], registers }),
    actionDuration: new Histogram({ name: "awms_server_action_duration_seconds", help: "Time to run a Server Action, by action", labelNames: ["action"], buckets: SECONDS, registers }),
    errors: new Counter({ name: "awms_errors_total", help: "Errors answered, by error code (INTERNAL for unexpected ones)", labelNames: ["code"], registers }),
    rateLimitRejections: new Counter({ name: "awms_rate_limit_rejections_total", help: "Requests refused by a rate limit, by kind (member, workshop, api, public, auth)", labelNames: ["kind"], registers }),
    // Counted by scripts/front-door.cjs, in front of Next, on globalThis: read at scrape time.
    frontDoorRejections: new Counter({
      name: "awms_rate_limit_front_door_rejections_total",
      help: "API calls refused before reaching the app because their key's rate limit was already spent (npm start's front door)",
      registers,
      collect() {
        this.reset();
        this.inc((globalThis as unknown as { awmsFrontDoor?: { refused: number } }).awmsFrontDoor?.refused ?? 0);
      },
    }),
    frontDoorServedLast: new Counter({
      name: "awms_rate_limit_front_door_served_last_total",
      help: "API calls of a key refused for its rate limit in the last 5 minutes, let into the app only when nothing else was in it (npm start's front door)",
      registers,
      collect() {
        this.reset();
        this.inc((globalThis as unknown as { awmsFrontDoor?: { servedLast?: number } }).awmsFrontDoor?.servedLast ?? 0);
      },
    }),
    quotaRejections: new Counter({ name: "awms_quota_rejections_total", help: "Creates refused by the workshop's plan quota, by resource", labelNames: ["resource"], registers }),
    loginFailures: new Counter({ name: "awms_login_failures_total", help: "Refused sign-ins, by reason (credentials, code)", labelNames: ["reason"], registers }),
    jobFailures: new Counter({ name: "awms_job_failures_total", help: "Background job runs that failed, by queue (each retry counts)", labelNames: ["queue"], registers }),
    jobQueueDepth: new Gauge({ name: "awms_job_queue_depth", help: "Background jobs waiting to run (created or retry), by queue, read at scrape time", labelNames: ["queue"], registers }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

const holder = globalThis as unknown as { awmsMetrics?: Metrics };

export function metrics(): Metrics {
  return (holder.awmsMetrics ??= createMetrics());
}

export const statusClass = (status: number) => `${Math.floor(status / 100)}xx`;
