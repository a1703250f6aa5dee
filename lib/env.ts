// Environment, parsed once with zod. An empty value counts as missing, so
// `FOO=` in a .env file never passes for a configured FOO.
import { z } from "zod";

const emptyAsMissing = (value: unknown) => (value === "" ? undefined : value);

const postgresUrl = z
  .string()
  .refine((value) => /^postgres(ql)?:\/\/[^\s]+$/.test(value) && URL.canParse(value), {
    message: "must be a postgresql:// URL",
  });

/** Next reads NEXT_SERVER_ACTIONS_ENCRYPTION_KEY as an AES-256-GCM key: 44 base64 characters are exactly 32 bytes. */
const aes256KeyBase64 = /^[A-Za-z0-9+/]{43}=$/;

export const serverSchema = z.object({
  /** "production" requires NEXTAUTH_SECRET, turns on HSTS and refuses the development session secret. */
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  /** The app role's connection (not superuser, no BYPASSRLS, owns nothing). */
  DATABASE_URL: z.preprocess(emptyAsMissing, postgresUrl.optional()),
  /** The table owner's connection, used only to apply migrations. */
  MIGRATION_DATABASE_URL: z.preprocess(emptyAsMissing, postgresUrl.optional()),
  /** Connections per app instance. */
  DATABASE_POOL_SIZE: z.preprocess(emptyAsMissing, z.coerce.number().int().min(1).max(100).default(10)),
  /** Where embedded Postgres keeps its data when DATABASE_URL is not set. */
  AWMS_DATA_DIR: z.preprocess(emptyAsMissing, z.string().default(".awms")),
  /** Port of the embedded Postgres that `npm run dev`/`npm start` run when DATABASE_URL is not set. */
  AWMS_EMBEDDED_PG_PORT: z.preprocess(emptyAsMissing, z.coerce.number().int().min(1024).max(65535).default(54329)),
  /** HTTP port the launcher serves on. */
  PORT: z.preprocess(emptyAsMissing, z.coerce.number().int().min(1).max(65535).default(3000)),
  /** Seconds `npm start` gives in-flight requests and running background jobs after SIGTERM/SIGINT before it closes its connections and exits. */
  SHUTDOWN_GRACE_SECONDS: z.preprocess(emptyAsMissing, z.coerce.number().int().min(1).max(600).default(25)),
  /**
   * Encrypts what Server Actions carry through the browser (base64 of 32 random bytes: `openssl rand -base64 32`).
   * Every instance of one build agrees without it. When instances of different builds serve side by side (a rolling
   * deploy behind a load balancer), set the same value for `npm run build` and on every instance, or their forms fail on each other.
   */
  NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: z.preprocess(emptyAsMissing, z.string().regex(aes256KeyBase64, "must be base64 of 32 bytes (openssl rand -base64 32)").optional()),
  /** Signs session cookies and derives the key that encrypts TOTP secrets. */
  NEXTAUTH_SECRET: z.preprocess(emptyAsMissing, z.string().min(32, "must be at least 32 characters").optional()),
  /** The public address, used in emailed links. */
  APP_URL: z.preprocess(emptyAsMissing, z.url().optional()),
  /** smtp(s)://user:pass@host:port; without it mail lands in the dev outbox (database). */
  SMTP_URL: z.preprocess(emptyAsMissing, z.string().regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL").optional()),
  /** Sender of invitations, password resets, approval links and reminders. */
  MAIL_FROM: z.preprocess(emptyAsMissing, z.string().default("AWMS <no-reply@awms.local>")),
  /** Proxies in front of AWMS that append to X-Forwarded-For; 0 trusts no forwarded address (lib/http/client-ip.ts). */
  TRUSTED_PROXY_HOPS: z.preprocess(emptyAsMissing, z.coerce.number().int().min(0).max(10).default(0)),
  /** "off" runs no background job workers in this instance (a web-only instance); enqueuing still works. */
  JOB_WORKERS: z.preprocess(emptyAsMissing, z.enum(["on", "off"]).default("on")),
  /** Shared rate limits across instances; in memory (one instance) without it. */
  REDIS_URL: z.preprocess(emptyAsMissing, z.string().regex(/^rediss?:\/\//, "must be a redis:// URL").optional()),
  /** Log level: fatal, error, warn, info, debug, trace or silent. Default: info in production, debug in development, silent in tests. */
  LOG_LEVEL: z.preprocess(emptyAsMissing, z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional()),
  /** Bearer token Prometheus sends to scrape /api/metrics; without it /api/metrics answers 404. */
  METRICS_TOKEN: z.preprocess(emptyAsMissing, z.string().min(16, "must be at least 16 characters").optional()),
  /** Where alerts go, as PagerDuty Events API v2 JSON (PagerDuty's https://events.pagerduty.com/v2/enqueue or any receiver); no alerts without it. */
  ALERT_WEBHOOK_URL: z.preprocess(emptyAsMissing, z.url().optional()),
  /** The routing_key sent with every alert (a PagerDuty integration key). */
  ALERT_ROUTING_KEY: z.preprocess(emptyAsMissing, z.string().optional()),
  /** Share of 5xx answers over the last 5 minutes that raises an error-rate alert (0.1 = 10 %). */
  ALERT_ERROR_RATE: z.preprocess(emptyAsMissing, z.coerce.number().min(0.001).max(1).default(0.1)),
  /** Requests in the last 5 minutes below which the error rate raises no alert (a handful of requests is no spike). */
  ALERT_ERROR_RATE_MIN_REQUESTS: z.preprocess(emptyAsMissing, z.coerce.number().int().min(1).max(100_000).default(20)),
  /** Permission denials (or failed sign-ins) of one workshop in 5 minutes that raise an anomaly alert at the least. */
  ALERT_ANOMALY_FLOOR: z.preprocess(emptyAsMissing, z.coerce.number().int().min(1).max(100_000).default(20)),
  /** How many times its own usual 5-minute count a workshop must reach, above the floor, for an anomaly alert. */
  ALERT_ANOMALY_FACTOR: z.preprocess(emptyAsMissing, z.coerce.number().min(1).max(1_000).default(10)),
  /** "off" switches request rate limits off (sign-in throttling stays on): only to measure the limiter's cost (npm run bench:ratelimit). */
  RATE_LIMITS: z.preprocess(emptyAsMissing, z.enum(["on", "off"]).default("on")),
  /** Stripe: without the secret key the billing page says billing is not configured and everyone stays on FREE. */
  STRIPE_SECRET_KEY: z.preprocess(emptyAsMissing, z.string().startsWith("sk_", "must be a Stripe secret key (sk_...)").optional()),
  /** Verifies the signature of Stripe webhooks (/api/stripe/webhook). */
  STRIPE_WEBHOOK_SECRET: z.preprocess(emptyAsMissing, z.string().startsWith("whsec_", "must be a webhook signing secret (whsec_...)").optional()),
  /** Stripe price id of the Starter plan. */
  STRIPE_PRICE_STARTER: z.preprocess(emptyAsMissing, z.string().optional()),
  /** Stripe price id of the Professional plan. */
  STRIPE_PRICE_PROFESSIONAL: z.preprocess(emptyAsMissing, z.string().optional()),
  /** Stripe price id of the Enterprise plan. */
  STRIPE_PRICE_ENTERPRISE: z.preprocess(emptyAsMissing, z.string().optional()),
  /** Points stripe-node at another API server (a local fake in tests); Stripe's own by default. */
  STRIPE_API_BASE: z.preprocess(emptyAsMissing, z.url().optional()),
  /** Online booking requests one workshop takes in 24 hours (each may create a customer). */
  ONLINE_BOOKING_REQUESTS_PER_DAY: z.preprocess(emptyAsMissing, z.coerce.number().int().min(0).max(1000).default(20)),
  /** Days a past-due workshop keeps full access before it turns read-only. */
  BILLING_GRACE_DAYS: z.preprocess(emptyAsMissing, z.coerce.number().int().min(0).max(60).default(7)),
  /** Google sign-in for existing accounts (with GOOGLE_CLIENT_SECRET); the button appears only when both are set. */
  GOOGLE_CLIENT_ID: z.preprocess(emptyAsMissing, z.string().optional()),
  /** The Google OAuth client secret. */
  GOOGLE_CLIENT_SECRET: z.preprocess(emptyAsMissing, z.string().optional()),
  /** GitHub sign-in for existing accounts (with GITHUB_SECRET); the button appears only when both are set. */
  GITHUB_ID: z.preprocess(emptyAsMissing, z.string().optional()),
  /** The GitHub OAuth client secret. */
  GITHUB_SECRET: z.preprocess(emptyAsMissing, z.string().optional()),
  /** Folder for inspection photos on disk; default <AWMS_DATA_DIR>/attachments. Ignored when S3 is configured. */
  ATTACHMENTS_DIR: z.preprocess(emptyAsMissing, z.string().optional()),
  /** Folder of the daily audit anchors (each workshop's chain head), outside the database; default <AWMS_DATA_DIR>/audit-anchors. */
  AUDIT_ANCHOR_DIR: z.preprocess(emptyAsMissing, z.string().optional()),
  /** Largest photo accepted, in bytes (default 10 MB). */
  ATTACHMENT_MAX_BYTES: z.preprocess(emptyAsMissing, z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(10 * 1024 * 1024)),
  /** An S3-compatible store for photos (all five or none): https://host[:port], path-style requests. */
  S3_ENDPOINT: z.preprocess(emptyAsMissing, z.url().optional()),
  /** The bucket for photos (S3 store). */
  S3_BUCKET: z.preprocess(emptyAsMissing, z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be an S3 bucket name").optional()),
  /** Access key of the S3 store. */
  S3_ACCESS_KEY_ID: z.preprocess(emptyAsMissing, z.string().optional()),
  /** Secret key of the S3 store. */
  S3_SECRET_ACCESS_KEY: z.preprocess(emptyAsMissing, z.string().optional()),
  /** Region the S3 store signs requests for (SigV4). */
  S3_REGION: z.preprocess(emptyAsMissing, z.string().regex(/^[a-z0-9-]{2,40}$/, "must be a region name like eu-west-2").optional()),
}).superRefine((env, issue) => {
  // Half an S3 configuration would silently keep photos on one instance's disk.
  const s3 = ["S3_ENDPOINT", "S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_REGION"] as const;
  if (s3.some((name) => env[name] !== undefined)) {
    for (const name of s3) if (env[name] === undefined) issue.addIssue({ code: "custom", path: [name], message: "is required when any S3_ setting is given" });
  }
});

export const clientSchema = z.object({
  /** Reserved for the product name in the browser (inlined at build time); no page reads it yet. */
  NEXT_PUBLIC_APP_NAME: z.preprocess(emptyAsMissing, z.string().default("AWMS")),
});

export type ServerEnv = z.infer<typeof serverSchema>;
export type ClientEnv = z.infer<typeof clientSchema>;

export class EnvError extends Error {
  constructor(readonly variable: string, detail: string) {
    super(`${variable} ${detail}`);
    this.name = "EnvError";
  }
}

function parse<T extends z.ZodType>(schema: T, source: Record<string, string | undefined>): z.infer<T> {
  const result = schema.safeParse(source);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new EnvError(String(issue.path[0] ?? "environment"), issue.message);
  }
  return result.data;
}

let cachedServerEnv: ServerEnv | undefined;

/** Server-only settings. Read lazily so a test can point DATABASE_URL at its own database first. */
export function serverEnv(): ServerEnv {
  cachedServerEnv ??= parse(serverSchema, process.env);
  return cachedServerEnv;
}

/** The session secret; only development and tests may run without one (a fixed, public value). */
export function authSecret(): string {
  const env = serverEnv();
  if (env.NEXTAUTH_SECRET) return env.NEXTAUTH_SECRET;
  if (env.NODE_ENV === "production") throw new EnvError("NEXTAUTH_SECRET", "is required in production");
  return "awms-development-secret-not-for-production-use";
}

export function appUrl(): string {
  const env = serverEnv();
  return (env.APP_URL ?? process.env.NEXTAUTH_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, "");
}

/** Forgets the parsed settings so the next serverEnv() reads process.env again (tests, tooling). */
export function reloadServerEnv(): void {
  cachedServerEnv = undefined;
}

export function parseServerEnv(source: Record<string, string | undefined>): ServerEnv {
  return parse(serverSchema, source);
}

// Next inlines NEXT_PUBLIC_* only where they are named literally.
export const clientEnv: ClientEnv = parse(clientSchema, {
  NEXT_PUBLIC_APP_NAME: process.env.NEXT_PUBLIC_APP_NAME,
});
