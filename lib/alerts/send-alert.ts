// Alerts leave the process in the background: a request or job that raises one
// never waits for the receiver, and a receiver that is down or slow costs a
// log line, nothing more. Each incident is triggered once per process (its
// dedup key is remembered while it is open) and resolved once.
import { hostname } from "node:os";
import { serverEnv } from "@/lib/env";
import { log } from "@/lib/log/logger";
import { resolveEvent, triggerEvent, type Incident, type PagerDutyEvent } from "./pagerduty-event";

const SEND_TIMEOUT_MS = 3_000;
/** Open incidents are forgotten after a day: a later one with the same key is news again. */
const REMEMBER_MS = 24 * 60 * 60 * 1000;

interface AlertState {
  open: Map<string, number>;
  inFlight: Set<Promise<void>>;
}

const holder = globalThis as unknown as { awmsAlerts?: AlertState };
const state = () => (holder.awmsAlerts ??= { open: new Map(), inFlight: new Set() });

const source = () => `awms@${hostname()}`;

async function post(url: string, event: PagerDutyEvent): Promise<void> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(event),
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
    if (!response.ok) log.error({ event: "alert_send_failed", dedupKey: event.dedup_key, status: response.status }, "the alert receiver refused an alert");
    await response.body?.cancel().catch(() => {});
  } catch (error) {
    log.error({ event: "alert_send_failed", dedupKey: event.dedup_key, error: (error as Error).message }, "could not send an alert");
  }
}

function dispatch(event: PagerDutyEvent): void {
  const url = serverEnv().ALERT_WEBHOOK_URL;
  if (!url) {
    log.warn({ event: "alert_not_sent", dedupKey: event.dedup_key, action: event.event_action }, "alert raised but ALERT_WEBHOOK_URL is not set");
    return;
  }
  const sending = post(url, event).finally(() => state().inFlight.delete(sending));
  state().inFlight.add(sending);
}

function forgetOld(now: number) {
  for (const [key, openedAt] of state().open) if (now - openedAt > REMEMBER_MS) state().open.delete(key);
}

/** Raises an incident; false (and nothing sent) when this process already raised it. */
export function triggerAlert(incident: Incident): boolean {
  const now = Date.now();
  forgetOld(now);
  if (state().open.has(incident.dedupKey)) return false;
  state().open.set(incident.dedupKey, now);
  log.warn({ event: "alert_triggered", dedupKey: incident.dedupKey, class: incident.class }, incident.summary);
  dispatch(triggerEvent(serverEnv().ALERT_ROUTING_KEY ?? "", source(), incident, new Date(now)));
  return true;
}

/** Clears an incident this process raised; false when it was not open. */
export function resolveAlert(dedupKey: string): boolean {
  if (!state().open.delete(dedupKey)) return false;
  log.info({ event: "alert_resolved", dedupKey }, "alert resolved");
  dispatch(resolveEvent(serverEnv().ALERT_ROUTING_KEY ?? "", dedupKey));
  return true;
}

/** Waits for alerts still being sent (shutdown, tests). */
export async function flushAlerts(): Promise<void> {
  await Promise.all([...state().inFlight]);
}

/** Forgets open incidents (tests: a fresh process). */
export function forgetAlerts(): void {
  state().open.clear();
}
