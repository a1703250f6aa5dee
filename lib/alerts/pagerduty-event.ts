// The PagerDuty Events API v2 body: PagerDuty itself, or any receiver that
// speaks it (Opsgenie, Grafana OnCall, Alertmanager bridges), takes it as is.

export type AlertSeverity = "critical" | "error" | "warning" | "info";

export interface Incident {
  /** the same for every event of one incident: a trigger sent twice opens one incident */
  dedupKey: string;
  summary: string;
  severity: AlertSeverity;
  /** what is affected: "http", "jobs", "audit-log", "workshop" */
  component: string;
  /** a grouping an operator filters by (a queue, a workshop) */
  group: string;
  /** the kind of incident: "error-rate", "job-failed", "audit-chain", "anomaly" */
  class: string;
  customDetails?: Record<string, unknown>;
}

export interface PagerDutyEvent {
  routing_key: string;
  event_action: "trigger" | "resolve";
  dedup_key: string;
  payload?: {
    summary: string;
    source: string;
    severity: AlertSeverity;
    timestamp: string;
    component: string;
    group: string;
    class: string;
    custom_details: Record<string, unknown>;
  };
}

export function triggerEvent(routingKey: string, source: string, incident: Incident, now = new Date()): PagerDutyEvent {
  return {
    routing_key: routingKey,
    event_action: "trigger",
    dedup_key: incident.dedupKey,
    payload: {
      // PagerDuty cuts summaries at 1024 characters.
      summary: incident.summary.slice(0, 1024),
      source,
      severity: incident.severity,
      timestamp: now.toISOString(),
      component: incident.component,
      group: incident.group,
      class: incident.class,
      custom_details: incident.customDetails ?? {},
    },
  };
}

export function resolveEvent(routingKey: string, dedupKey: string): PagerDutyEvent {
  return { routing_key: routingKey, event_action: "resolve", dedup_key: dedupKey };
}
