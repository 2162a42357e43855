/**
 * The feed's digest and the jobs' wants through a real Redis (unique prefix per test): a worker reads
 * what the feed published, ages it on its own clock, and reports it stale once the feed stops
 * publishing; picks and scanner finds written by the jobs reach the feed and survive for a take-over.
 */
import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../core/clock.js";
import { silentLogger } from "../../core/logger.js";
import { TickStore } from "../../market/tick-store.js";
import { createPublishedSnapshotReader, publishSnapshots } from "../../runtime/feed-snapshots.js";
import { feedWantsHooks, readFeedWants, subscribeFeedWants, type FeedWantsChange } from "../../runtime/feed-wants.js";
import { REDIS_URL, redisScope, waitFor, type RedisScope } from "../jobs/redis-harness.js";
import { T0, tradesAt } from "../market/tick-builders.js";

let scope: RedisScope;
afterEach(async () => scope.cleanup());

function storeWithTrades(): TickStore {
  const store = new TickStore();
  for (const t of tradesAt([100, 101, 102, 103, 104, 110])) store.onTrade(t);
  return store;
}

describe("published snapshots", () => {
  it("give a worker the feed's latest view, fresh while the feed publishes", async () => {
    scope = redisScope("feed-snapshots");
    const feedClock = new ManualClock(T0 + 6_000);
    await publishSnapshots(scope.client, scope.prefix, storeWithTrades(), feedClock);
    const workerClock = new ManualClock(T0 + 6_500);
    const reader = createPublishedSnapshotReader(scope.client, scope.prefix, workerClock);

    const read = await reader.refresh();

    expect(read).toEqual({ symbols: 1, stale: 0, publishedAtMs: T0 + 6_000 });
    expect(reader.get("005930")).toMatchObject({ priceKrw: 110, ma5: 104, stale: false, ageMs: 1_500 });
    expect(reader.get("000660")).toBeNull();
  });

  it("are reported stale, not fresh, once the feed stopped publishing", async () => {
    scope = redisScope("feed-snapshots-stale");
    await publishSnapshots(scope.client, scope.prefix, storeWithTrades(), new ManualClock(T0 + 6_000));
    const workerClock = new ManualClock(T0 + 6_000);
    const reader = createPublishedSnapshotReader(scope.client, scope.prefix, workerClock, { maxAgeMs: 60_000, maxSilenceMs: 5_000 });
    await reader.refresh();
    expect(reader.get("005930")?.stale).toBe(false);

    // Act: the feed is gone; the worker's clock moves on past the silence limit (the price alone is still young enough).
    workerClock.set(T0 + 12_000);
    const read = await reader.refresh();

    expect(read).toMatchObject({ symbols: 1, stale: 1 });
    expect(reader.get("005930")).toMatchObject({ priceKrw: 110, stale: true, ageMs: 7_000 });
  });

  it("are absent, not invented, before any feed published", async () => {
    scope = redisScope("feed-snapshots-none");
    const reader = createPublishedSnapshotReader(scope.client, scope.prefix, new ManualClock(T0));
    expect(await reader.refresh()).toEqual({ symbols: 0, stale: 0 });
    expect(reader.get("005930")).toBeNull();
  });
});

describe("feed wants", () => {
  it("carry the jobs' picks and finds to the running feed, and keep them for the next holder in order", async () => {
    scope = redisScope("feed-wants");
    const changes: FeedWantsChange[] = [];
    const unsubscribe = await subscribeFeedWants(REDIS_URL, scope.prefix, silentLogger, (c) => changes.push(c));
    try {
      const hooks = feedWantsHooks(scope.client, scope.prefix, silentLogger);
      hooks.onPicks(["005930", "000660"]);
      hooks.onScanFinds(["035420", "051910"]);
      hooks.onScanFinds(["005380"]);
      await waitFor(async () => (changes.length === 3 ? true : undefined), "three changes");

      expect(changes).toEqual([
        { kind: "picks", symbols: ["005930", "000660"] },
        { kind: "scan", symbols: ["035420", "051910"] },
        { kind: "scan", symbols: ["005380"] },
      ]);
      expect(await readFeedWants(scope.client, scope.prefix)).toEqual({
        picks: ["005930", "000660"],
        scanFinds: ["035420", "051910", "005380"],
      });
    } finally {
      await unsubscribe();
    }
  });
});
