import pino from "pino";

// One JSON logger for the server. Secrets and personal data never reach a log line:
// these paths are replaced before a line is written.
export const log = pino({
  level: process.env.LOG_LEVEL || (process.env.NODE_ENV === "test" ? "silent" : process.env.NODE_ENV === "production" ? "info" : "debug"),
  base: { service: "awms" },
  redact: {
    paths: ["password", "*.password", "token", "*.token", "authorization", "*.authorization", "cookie", "*.cookie", "apiKey", "*.apiKey", "email", "*.email", "phone", "*.phone"],
    censor: "[redacted]",
  },
});
