// One error type for everything the app reports to a user or API client.
// `message` is safe to show; `internal` is for logs only.

export const APP_ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  /** the workshop's plan does not include the feature (e.g. API access) */
  PLAN_FEATURE: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  /** a link or file that existed has expired (an export's download link) */
  GONE: 410,
  QUOTA_EXCEEDED: 402,
  READ_ONLY: 402,
  BILLING_NOT_CONFIGURED: 503,
  RATE_LIMITED: 429,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL: 500,
} as const;

export type AppErrorCode = keyof typeof APP_ERROR_STATUS;

export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly options: { internal?: string; fields?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.status = APP_ERROR_STATUS[code];
  }

  get fields(): Record<string, string> | undefined {
    return this.options.fields;
  }

  toJSON() {
    return { error: { code: this.code, message: this.message, fields: this.fields } };
  }
}

export const notFound = (what = "Record") => new AppError("NOT_FOUND", `${what} not found`);
