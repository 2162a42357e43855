/**
 * One trading run per account across processes. A run holds its account's lease (db/lease-repo.ts:
 * every process of a mode shares the database file) from diagnose to record; a second run waits up
 * to LEASE_WAIT_SECONDS, then fails with ACCOUNT_BUSY naming the holder. The holder renews the lease
 * every third of LEASE_TTL_SECONDS, so a crashed (kill -9) holder's lease lapses by itself. The order
 * router asks `sendGuard` before every send: a run whose lease was taken over sends nothing. With
 * Redis (the `start` worker, runtime/redis-lease.ts) a Redis lease is taken first and renewed beside
 * the SQLite one; a failed Redis renewal marks the lease lost, and the guard refuses from then on.
 */
import { hostname } from "node:os";
import { AppError } from "../core/errors.js";
import type { LeaseSettings } from "../core/config.js";
import type { TradingStateRepo } from "../db/trading-state-repo.js";
import type { LeaseRepo } from "../db/lease-repo.js";
import type { SendGuard } from "../execution/order-router.js";
import type { RedisLeaseStore } from "./redis-lease.js";

export interface HeldLease {
  account: string;
  token: number;
  holder: string;
  /** why the lease no longer fences this run (its Redis lease lapsed or was taken over) */
  lost?: string;
  release(): void;
}

export interface LeaseDeps {
  leases: LeaseRepo;
  account: string;
  settings: LeaseSettings;
  /** when Redis is there: its lease is taken first, so workers on any host exclude each other */
  redis?: RedisLeaseStore;
  /** wall-clock ms: leases measure process liveness, not market time */
  now?: () => number;
  pollMs?: number;
}

/** "run-id pid@host": enough for an operator to find the process that holds the account. */
export const leaseHolder = (runId: string) => `${runId} pid ${process.pid}@${hostname()}`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function acquireAccountLease(deps: LeaseDeps, runId: string): Promise<HeldLease> {
  const now = deps.now ?? Date.now;
  const { waitMs } = deps.settings;
  const holder = leaseHolder(runId);
  const deadline = now() + waitMs;
  for (;;) {
    const grant = await tryAcquire(deps, holder, now());
    if ("sqliteToken" in grant) return hold(deps, holder, grant, now);
    if (now() >= deadline) {
      throw new AppError(
        "ACCOUNT_BUSY",
        `Account ${deps.account} is busy: run ${grant.holder} holds it (lease until ${new Date(grant.expiresAtMs).toISOString()}); waited ${waitMs / 1_000} s`,
        { retryable: true },
      );
    }
    await sleep(Math.min(deps.pollMs ?? 200, Math.max(1, deadline - now())));
  }
}

type Tokens = { sqliteToken: number; redisToken?: number };

/** Redis first (when there), then SQLite; a half-taken lease is given back. */
async function tryAcquire(deps: LeaseDeps, holder: string, nowMs: number): Promise<Tokens | { holder: string; expiresAtMs: number }> {
  const { account, settings } = deps;
  let redisToken: number | undefined;
  if (deps.redis) {
    const grant = await deps.redis.acquire(account, holder, settings.ttlMs, nowMs);
    if (!grant.granted) return grant;
    redisToken = grant.token;
  }
  const grant = deps.leases.acquire(account, holder, settings.ttlMs, nowMs);
  if (grant.granted) return { sqliteToken: grant.token, ...(redisToken !== undefined ? { redisToken } : {}) };
  if (redisToken !== undefined) await deps.redis?.release(account, redisToken);
  return grant;
}

function hold(deps: LeaseDeps, holder: string, tokens: Tokens, now: () => number): HeldLease {
  const { leases, account, redis } = deps;
  const { sqliteToken: token, redisToken } = tokens;
  const lease: HeldLease = {
    account,
    token,
    holder,
    release() {
      clearInterval(renew);
      leases.release(account, token);
      if (redis && redisToken !== undefined) void redis.release(account, redisToken).catch(() => undefined); // else its TTL ends it
    },
  };
  const loseRedis = (why: string) => (lease.lost ??= `run lease on account ${account} lost in Redis (${why})`);
  const renew = setInterval(
    () => {
      if (!leases.renew(account, token, deps.settings.ttlMs, now())) clearInterval(renew); // taken over: the router's fence refuses
      if (redis && redisToken !== undefined) {
        void redis.renew(account, redisToken, deps.settings.ttlMs).then(
          (ok) => ok || loseRedis(`token ${redisToken} no longer current`),
          (err: unknown) => loseRedis(String(err)),
        );
      }
    },
    Math.max(50, Math.floor(deps.settings.ttlMs / 3)),
  );
  renew.unref();
  return lease;
}

/** Leases held by the runs of one process, by run id (the router's guard looks the run's token up here). */
export type HeldLeases = Map<string, HeldLease>;

export interface GuardDeps {
  tradingState: Pick<TradingStateRepo, "get">;
  leases: Pick<LeaseRepo, "isCurrent">;
  held: HeldLeases;
}

/**
 * Refuses every order while trading is HALTED (read from the database before each send, so a halt
 * from any process counts), buys while REDUCE_ONLY, and orders of a run without a current lease.
 */
export function sendGuard(deps: GuardDeps): SendGuard {
  return (run, order) => {
    const state = deps.tradingState.get();
    if (state.state === "HALTED") return `trading is HALTED (${state.reason})`;
    if (state.state === "REDUCE_ONLY" && order.side === "buy") return `trading is REDUCE_ONLY (${state.reason}): no buys`;
    const lease = deps.held.get(run.runId);
    if (!lease) return `run ${run.runId} holds no lease on the account`;
    if (lease.lost) return lease.lost;
    if (!deps.leases.isCurrent(lease.account, lease.token))
      return `run ${run.runId}'s lease token ${lease.token} on account ${lease.account} is no longer current`;
    return undefined;
  };
}

/**
 * Runs `fn` holding the account's lease for `runId`. Not re-entrant: a second delivery of the same
 * job in this process waits for the first like any other run, then finds the run already done.
 */
export async function withAccountLease<T>(deps: LeaseDeps, held: HeldLeases, runId: string, fn: () => Promise<T>): Promise<T> {
  const lease = await acquireAccountLease(deps, runId);
  if (held.has(runId)) {
    lease.release();
    throw new AppError("ACCOUNT_BUSY", `Run ${runId} is already running in this process`, { retryable: true });
  }
  held.set(runId, lease);
  try {
    return await fn();
  } finally {
    held.delete(runId);
    lease.release();
  }
}
