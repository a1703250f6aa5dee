import pino from "pino";
import { currentRequestContext } from "./request-context";
import { REDACTED_PATHS, scrubError, scrubText, scrubValues } from "./redaction";

/** LOG_LEVEL, else: info in production, silent under test, debug in development. */
export function defaultLogLevel(env: Record<string, string | undefined> = process.env): string {
  if (env.LOG_LEVEL) return env.LOG_LEVEL;
  if (env.NODE_ENV === "production") return "info";
  if (env.NODE_ENV === "test") return "silent";
  return "debug";
}

export interface LineSink {
  write(line: string): void;
}

const sinks = globalThis as unknown as { awmsLogSink?: LineSink | null };

/** Sends log lines somewhere else (a test reads them); null restores standard output. */
export function setLogSink(sink: LineSink | null): void {
  sinks.awmsLogSink = sink;
}

/** A logger writing to `sink`; every line written inside a request carries its id, workshop and user, inside a job its queue and id. */
export function createLogger(sink: LineSink = { write: (line) => (sinks.awmsLogSink ?? process.stdout).write(line) }) {
  return pino(
    {
      level: defaultLogLevel(),
      base: { service: "awms" },
      mixin() {
        const context = currentRequestContext();
        if (!context) return {};
        return {
          requestId: context.requestId ?? undefined,
          organizationId: context.organizationId,
          userId: context.userId,
          job: context.job,
          jobId: context.jobId,
        };
      },
      formatters: { log: (object) => scrubValues(object) as Record<string, unknown> },
      // Errors skip the formatter (it leaves instances alone): their text is scrubbed here.
      serializers: { err: scrubError },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((arg) => (typeof arg === "string" ? scrubText(arg) : arg)) as Parameters<typeof method>);
        },
      },
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    },
    sink,
  );
}

// One JSON logger for the server. Secrets and personal data never reach a log line (./redaction.ts).
export const log = createLogger();
