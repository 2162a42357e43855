/** Per-app-key token buckets for the REST per-second limit (EGW00201); a rate of 0 turns it off. */
import type { Clock } from "../../core/clock.js";

interface Bucket {
  tokens: number;
  atMs: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  /** `perSec` requests per second with a burst of the same size. */
  constructor(
    private readonly perSec: number,
    private readonly clock: Clock,
  ) {}

  tryTake(key: string): boolean {
    if (this.perSec <= 0) return true;
    const now = this.clock.now();
    const b = this.buckets.get(key) ?? { tokens: this.perSec, atMs: now };
    b.tokens = Math.min(this.perSec, b.tokens + ((now - b.atMs) / 1000) * this.perSec);
    b.atMs = now;
    this.buckets.set(key, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }
}
