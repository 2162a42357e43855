/**
 * Tick snapshots from the feed to workers on other processes and machines, through Redis.
 *
 * Why one key with the latest snapshots, rewritten every second, rather than a stream or pub/sub: a
 * worker needs the latest view at the moment its analyze node runs (a few times an hour), never the
 * history between. One GET answers that in a round trip; a stream would pile up history nobody
 * reads, and pub/sub would make every worker keep a subscription and a copy of its own, lost
 * whenever the subscription drops. Ticks themselves never go through Redis — only this digest.
 * Triggers go the other durable way: straight into the BullMQ trading-run queue (runtime/feed-role.ts).
 */
import type { Redis } from "ioredis";
import type { Clock } from "../core/clock.js";
import { errorMessage } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import { buildSnapshot } from "../market/snapshot.js";
import { agedSnapshot, type AgingOptions, type PublishedSnapshots, type SnapshotSource } from "../market/snapshot-source.js";
import type { TickStore } from "../market/tick-store.js";
import type { LiveSnapshotSource } from "../nodes/analyze.js";
import { toLiveIndicators } from "./live.js";

export const snapshotsKey = (prefix: string) => `${prefix}:feed:snapshots`;

/** @defaultValue 1 s: a second-old digest is fresh for a run that reads it minutes apart */
export const PUBLISH_INTERVAL_MS = 1_000;
/** A dead feed's last digest disappears after an hour; before that it is served stale. */
const SNAPSHOT_TTL_SECONDS = 3_600;

export async function publishSnapshots(redis: Redis, prefix: string, store: TickStore, clock: Clock): Promise<number> {
  const published: PublishedSnapshots = { publishedAtMs: clock.now(), snapshots: buildSnapshot(store, clock) };
  await redis.set(snapshotsKey(prefix), JSON.stringify(published), "EX", SNAPSHOT_TTL_SECONDS);
  return Object.keys(published.snapshots).length;
}

export interface SnapshotPublisher {
  stop(): void;
}

/** Publishes the store's digest every interval until stopped; a failed write is logged and retried next time. */
export function startSnapshotPublisher(
  redis: Redis,
  prefix: string,
  store: TickStore,
  clock: Clock,
  log: Logger,
  intervalMs = PUBLISH_INTERVAL_MS,
): SnapshotPublisher {
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    void publishSnapshots(redis, prefix, store, clock)
      .catch((err: unknown) => log.warn("snapshot publication failed", { error: errorMessage(err) }))
      .finally(() => (busy = false));
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/** The analyze node's live view, read before each run rather than held from a subscription. */
export interface RefreshableSnapshots extends LiveSnapshotSource {
  /** Reads what the feed published last (one round trip); says what it read, nothing when it needed no read. */
  refresh(): Promise<SnapshotsRead | undefined>;
}

export interface SnapshotsRead {
  /** symbols in the digest read */
  symbols: number;
  /** symbols whose view is stale now (old price, or a feed that stopped publishing) */
  stale: number;
  /** feed clock; absent when nothing was published */
  publishedAtMs?: number;
}

export interface PublishedSnapshotReader extends RefreshableSnapshots, SnapshotSource {
  /** The feed as the last digest read shows it, for the health monitor of a process without a feed. */
  feedState(): { state: string; lastTickMs?: number };
}

/** Reads the feed's digest from Redis; ages it on this process's clock at every lookup. */
export function createPublishedSnapshotReader(
  redis: Redis,
  prefix: string,
  clock: Clock,
  aging: AgingOptions = {},
): PublishedSnapshotReader {
  let last: PublishedSnapshots | undefined;
  const snapshot = (symbol: string) => {
    const s = last?.snapshots[symbol];
    return last && s ? agedSnapshot(s, last.publishedAtMs, clock.now(), aging) : null;
  };
  return {
    async refresh() {
      const raw = await redis.get(snapshotsKey(prefix));
      last = raw === null ? undefined : (JSON.parse(raw) as PublishedSnapshots);
      if (!last) return { symbols: 0, stale: 0 };
      const symbols = Object.keys(last.snapshots);
      return { symbols: symbols.length, stale: symbols.filter((s) => snapshot(s)?.stale).length, publishedAtMs: last.publishedAtMs };
    },
    snapshot,
    get(symbol) {
      const s = snapshot(symbol);
      return s === null ? null : toLiveIndicators(s);
    },
    feedState() {
      if (!last) return { state: "nothing published" };
      const lastTickMs = Math.max(0, ...Object.values(last.snapshots).map((x) => x.exchangeTimeMs));
      return {
        state: `published by the feed holder ${Math.round((clock.now() - last.publishedAtMs) / 1_000)} s ago`,
        ...(lastTickMs > 0 ? { lastTickMs } : {}),
      };
    },
  };
}
