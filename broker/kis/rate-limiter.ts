/**
 * Token bucket shared by every REST call of one client (token issuance and every page included).
 * Clock and sleep are injected, so tests step time instead of waiting for it.
 */
import type { Clock } from "../../core/clock.js";

export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Requests land a little slower than the limit: KIS counts arrivals, and the network shifts them. */
const SAFETY_FACTOR = 1.05;

export class RateLimiter {
  private readonly intervalMs: number;
  /** Theoretical arrival time of the next request (GCRA). */
  private nextAtMs = Number.NEGATIVE_INFINITY;

  /** `perSecond` 0 turns the limiter off; `burst` requests may go back to back. */
  constructor(
    private readonly clock: Clock,
    private readonly sleep: Sleep,
    perSecond: number,
    private readonly burst = 1,
  ) {
    this.intervalMs = perSecond > 0 ? Math.ceil((1000 / perSecond) * SAFETY_FACTOR) : 0;
  }

  /** Resolves when the caller may send; slots are reserved synchronously, so concurrent callers queue. */
  async acquire(): Promise<void> {
    if (this.intervalMs === 0) return;
    const now = this.clock.now();
    this.nextAtMs = Math.max(this.nextAtMs, now);
    const waitMs = this.nextAtMs - (this.burst - 1) * this.intervalMs - now;
    this.nextAtMs += this.intervalMs;
    if (waitMs > 0) await this.sleep(waitMs);
  }
}
