/**
 * Per-app-key token buckets for the REST per-second limit (EGW00201), one rate per wire
 * environment: KIS allows a real app key 18 calls a second and a paper one 1 (reference §5.1).
 * Quote tr_ids are the same in both, so an app key counts as paper from its first paper tr_id
 * (V…) on, for every call. A rate of 0 turns that environment's limit off.
 */
import { KIS_RATE_LIMITS, type KisWireEnv } from "../../broker/kis/endpoints.js";
import type { Clock } from "../../core/clock.js";

interface Bucket {
  tokens: number;
  atMs: number;
}

/** Requests per second by environment; a single number applies to both. */
export type RestRateLimits = Readonly<Record<KisWireEnv, number>>;

/** KIS's own figures: what a default-started simulator enforces. */
export const KIS_REST_LIMITS: RestRateLimits = KIS_RATE_LIMITS;

export const restRateLimits = (perSec: number | undefined): RestRateLimits =>
  perSec === undefined ? KIS_REST_LIMITS : { real: perSec, paper: perSec };

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly paperKeys = new Set<string>();
  private readonly rates: RestRateLimits;

  /** Each environment gets its rate per second with a burst of the same size. */
  constructor(
    rates: RestRateLimits | number,
    private readonly clock: Clock,
  ) {
    this.rates = typeof rates === "number" ? restRateLimits(rates) : rates;
  }

  /** `env`: the environment of the request's tr_id, when it names one. */
  tryTake(key: string, env: KisWireEnv = "real"): boolean {
    if (env === "paper") this.paperKeys.add(key);
    const perSec = this.rates[this.paperKeys.has(key) ? "paper" : "real"];
    if (perSec <= 0) return true;
    const now = this.clock.now();
    const b = this.buckets.get(key) ?? { tokens: perSec, atMs: now };
    b.tokens = Math.min(perSec, b.tokens + ((now - b.atMs) / 1000) * perSec);
    b.atMs = now;
    this.buckets.set(key, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }
}
