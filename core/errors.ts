/** Every error the app raises on purpose. `code` is stable and safe to log, persist and match on. */

export type ErrorCode =
  | "CONFIG_INVALID" // fatal: stop the process
  | "BROKER_AUTH" // token missing, expired or revoked after one re-issue
  | "BROKER_TOKEN_THROTTLED" // token issuance limit (EGW00133): wait, reuse the cached token
  | "BROKER_RATE_LIMITED" // per-second limit (EGW00201): back off
  | "BROKER_UNAVAILABLE" // 5xx, network, timeout
  | "BROKER_REJECTED" // a business error from KIS: do not retry
  | "BROKER_UNSUPPORTED" // the endpoint does not exist in this environment (paper)
  | "BROKER_RESPONSE_INVALID" // a KIS response missing a required field
  | "FEED_ERROR" // real-time feed protocol error
  | "FEED_STALE" // pause new orders for affected symbols
  | "DATA_INVALID" // bad input from a user, a file or a frame
  | "ACCOUNT_BUSY" // another run holds the account's lease: try again later
  | "DB_UNAVAILABLE" // cannot reach the database (PostgreSQL down, bad DATABASE_URL host)
  | "DB_ERROR" // the database refused a statement (constraint, syntax, lost connection mid-query)
  | "NOT_FOUND";

export interface AppErrorOptions {
  retryable?: boolean;
  cause?: unknown;
  /** Venue code (KIS msg_cd) kept for reports; never interpreted outside the adapter. */
  venueCode?: string;
  retryAfterMs?: number;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly venueCode?: string;
  readonly retryAfterMs?: number;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.retryable = options.retryable ?? false;
    if (options.venueCode !== undefined) this.venueCode = options.venueCode;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message, retryable: this.retryable, venueCode: this.venueCode };
  }
}

/**
 * Matches by shape, so it still works after an error crosses a BullMQ or process boundary.
 * `retryable` is checked too: Node's own errors also carry a string `code` (ECONNRESET).
 */
export function isAppError(err: unknown): err is AppError {
  const candidate = err as Partial<AppError> | null;
  return err instanceof Error && typeof candidate?.code === "string" && typeof candidate.retryable === "boolean";
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
