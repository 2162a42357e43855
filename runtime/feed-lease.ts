/**
 * One live feed per KIS app key across processes and machines: the feed role holds a Redis lease
 * (runtime/redis-lease.ts, the account lease's store) named after a hash of the app key — never the
 * key itself. Stand-by processes retry and take over when the holder's lease lapses. The holder
 * renews every fifth of the TTL and stops its feed (closing the WebSocket) when a renewal is refused,
 * or when none has been confirmed for 70 % of the TTL (a watchdog checks every 2 %). Redis started
 * the TTL no earlier than the renewal was sent, so the socket is closed before anyone else can take
 * the lease — a partitioned holder included; a paused one stops the moment it runs again, and KIS
 * refuses a second session of the app key meanwhile.
 */
import { createHash } from "node:crypto";
import { hostname } from "node:os";
import { errorMessage } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import type { RedisLeaseStore } from "./redis-lease.js";

/** @defaultValue 5 s: a dead holder's registrations move within TTL + one retry + the reconnect. */
export const FEED_LEASE_TTL_MS = 5_000;

/** The lease's name in the store: a hash of the app key, so the key never reaches Redis, logs or status. */
export function feedLeaseName(appKey: string): string {
  return `feed:${createHash("sha256").update(appKey).digest("hex").slice(0, 16)}`;
}

export interface FeedLeaseOptions {
  store: RedisLeaseStore;
  /** feedLeaseName(appKey) */
  name: string;
  /** @defaultValue FEED_LEASE_TTL_MS */
  ttlMs?: number;
  /** monotonic ms (durations only: no clock is compared across machines) @defaultValue performance.now */
  now?: () => number;
  /** wall-clock ms for the store's answer about the current holder @defaultValue Date.now */
  wallNow?: () => number;
  log: Logger;
  /** starts the feed; the lease is held when it is called. Must not wait for the connection: a stop may come first. */
  onAcquired(): Promise<void>;
  /** stops the feed (closes its WebSocket), also while it is still starting; called once per holding */
  onLost(reason: string): Promise<void>;
}

export interface FeedLease {
  /** "holder" or "standby" */
  state(): "holder" | "standby";
  /** A holder whose feed cannot run stops it and gives the lease back, for a stand-by to try; this process waits `retryAfterMs` before trying again. */
  giveUp(reason: string, retryAfterMs?: number): Promise<void>;
  /** Stops trying; a holder stops its feed and releases the lease at once. */
  close(): Promise<void>;
}

/** Part of the TTL kept between the holder's own deadline and the lease's lapse in Redis: time to close the socket. */
const STOP_MARGIN = 0.3;

export function startFeedLease(options: FeedLeaseOptions): FeedLease {
  const ttlMs = options.ttlMs ?? FEED_LEASE_TTL_MS;
  const now = options.now ?? (() => performance.now());
  const wallNow = options.wallNow ?? Date.now;
  const holder = `feed pid ${process.pid}@${hostname()}`;
  const log = options.log.child({ module: "runtime.feed-lease", lease: options.name });
  let token: number | undefined;
  /** when the last successful acquire or renew was sent */
  let confirmedAtMs = 0;
  let busy = false;
  let closed = false;
  /** no acquire before this (monotonic ms): set by giveUp */
  let notBeforeMs = -Infinity;
  /** the last stop of the feed: a new holding starts only after the old socket is closed */
  let stopping: Promise<void> = Promise.resolve();

  const lose = (reason: string) => {
    if (token === undefined) return;
    token = undefined;
    log.warn("feed lease lost: stopping the feed", { reason });
    stopping = options.onLost(reason).catch((err: unknown) => log.error("stopping the feed failed", { error: errorMessage(err) }));
  };

  const renew = async (held: number) => {
    const sentAtMs = now();
    const ok = await options.store.renew(options.name, held, ttlMs);
    if (token !== held) return;
    if (ok) confirmedAtMs = sentAtMs;
    else lose(`token ${held} is no longer current`);
  };

  const acquire = async () => {
    await stopping;
    const sentAtMs = now();
    const grant = await options.store.acquire(options.name, holder, ttlMs, wallNow());
    if (!grant.granted) return;
    if (closed) return void (await options.store.release(options.name, grant.token));
    token = grant.token;
    confirmedAtMs = sentAtMs;
    log.info("feed lease acquired: starting the feed", { token: grant.token });
    await options.onAcquired().catch((err: unknown) => giveUp(`feed did not start: ${errorMessage(err)}`));
  };

  const giveUp = async (reason: string, retryAfterMs = 0) => {
    const held = token;
    if (held === undefined) return;
    notBeforeMs = now() + retryAfterMs;
    lose(reason);
    await stopping;
    await options.store.release(options.name, held).catch(() => undefined);
  };

  /** Checked far more often than renewals are sent, so the stop never waits for the next renewal's turn. */
  const watch = () => {
    if (token !== undefined && now() - confirmedAtMs >= ttlMs * (1 - STOP_MARGIN)) {
      lose(`no renewal confirmed for ${Math.round(now() - confirmedAtMs)} ms (TTL ${ttlMs} ms)`);
    }
  };

  const step = () => {
    if (closed) return;
    watch();
    // One request at a time: a hung renewal is not stacked on, and the watchdog still runs.
    if (busy || (token === undefined && now() < notBeforeMs)) return;
    busy = true;
    const held = token;
    const work = held === undefined ? acquire() : renew(held);
    void work
      .catch((err: unknown) =>
        log.warn(held === undefined ? "feed lease: acquire failed" : "feed lease: renewal failed", { error: errorMessage(err) }),
      )
      .finally(() => (busy = false));
  };

  const timer = setInterval(step, Math.max(20, Math.floor(ttlMs / 5)));
  const watchdog = setInterval(watch, Math.max(10, Math.floor(ttlMs / 50)));
  timer.unref();
  watchdog.unref();
  step();
  return {
    state: () => (token !== undefined ? "holder" : "standby"),
    giveUp,
    async close() {
      closed = true;
      clearInterval(timer);
      clearInterval(watchdog);
      const held = token;
      lose("shutting down");
      await stopping;
      if (held !== undefined) await options.store.release(options.name, held).catch(() => undefined);
    },
  };
}
