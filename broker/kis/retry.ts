/** Bounded retries with exponential backoff and jitter, for idempotent reads only (never orders). */
import { isAppError } from "../../core/errors.js";
import type { Sleep } from "./rate-limiter.js";

export interface RetryPolicy {
  /** total attempts, the first included */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const READ_RETRY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 250, maxDelayMs: 4_000 };

export interface RetryDeps {
  policy: RetryPolicy;
  sleep: Sleep;
  /** [0, 1), injected so tests are deterministic */
  random: () => number;
  onRetry?: (err: unknown, attempt: number, delayMs: number) => void;
}

/** Per-second limit (EGW00201), 5xx without a KIS body, network errors and timeouts. */
export function isRetryableRead(err: unknown): boolean {
  return isAppError(err) && err.retryable && (err.code === "BROKER_RATE_LIMITED" || err.code === "BROKER_UNAVAILABLE");
}

/** "Equal jitter": half the capped exponential delay, plus a random half. */
export function backoffDelayMs(attempt: number, policy: RetryPolicy, random: () => number): number {
  const capMs = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(capMs / 2 + (random() * capMs) / 2);
}

export async function withRetry<T>(fn: () => Promise<T>, deps: RetryDeps): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= deps.policy.maxAttempts || !isRetryableRead(err)) throw err;
      const delayMs = backoffDelayMs(attempt, deps.policy, deps.random);
      deps.onRetry?.(err, attempt, delayMs);
      await deps.sleep(delayMs);
    }
  }
}
