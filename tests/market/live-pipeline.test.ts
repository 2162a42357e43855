import { describe, expect, it } from "vitest";
import { ManualClock } from "../../core/clock.js";
import { silentLogger } from "../../core/logger.js";
import type { FeedSubscription } from "../../core/market-events.js";
import type { TickRow } from "../../market/indicators/columns.js";
import { LivePipeline, type LiveFeed, type LiveFeedEvents } from "../../market/live-pipeline.js";
import { T0, makeTick } from "./tick-builders.js";

const NOTICE: FeedSubscription = { feed: "notice", key: "hts" };

/** Records apply() calls and lets the test emit feed events. */
class FakeFeed implements LiveFeed {
  readonly applied: Array<{ subscribe: FeedSubscription[]; unsubscribe: FeedSubscription[] }> = [];
  readonly active = new Map<string, FeedSubscription>();
  started = false;
  closed = false;
  private readonly listeners: { [K in keyof LiveFeedEvents]?: Array<(e: LiveFeedEvents[K]) => void> } = {};

  async start() {
    this.started = true;
  }
  async close() {
    this.closed = true;
  }
  async apply(diff: { subscribe: FeedSubscription[]; unsubscribe: FeedSubscription[] }) {
    this.applied.push(diff);
    for (const r of diff.unsubscribe) this.active.delete(`${r.feed}|${r.key}`);
    for (const r of diff.subscribe) this.active.set(`${r.feed}|${r.key}`, r);
  }
  subscriptions() {
    return [...this.active.values()];
  }
  on<K extends keyof LiveFeedEvents>(event: K, listener: (e: LiveFeedEvents[K]) => void) {
    const list = (this.listeners[event] ??= []) as Array<(e: LiveFeedEvents[K]) => void>;
    list.push(listener);
    return () => list.splice(list.indexOf(listener), 1);
  }
  emit<K extends keyof LiveFeedEvents>(event: K, payload: LiveFeedEvents[K]) {
    for (const l of (this.listeners[event] ?? []) as Array<(e: LiveFeedEvents[K]) => void>) l(payload);
  }
}

function setup(cap?: number) {
  const feed = new FakeFeed();
  const rows: TickRow[] = [];
  let flushed = 0;
  const sink = { write: (row: TickRow) => rows.push(row), flush: () => ++flushed };
  const pipeline = new LivePipeline({
    feed,
    clock: new ManualClock(T0 + 1_000),
    logger: silentLogger,
    notice: NOTICE,
    sink,
    ...(cap ? { registrationCap: cap } : {}),
  });
  return { feed, pipeline, rows, flushed: () => flushed };
}

describe("LivePipeline", () => {
  it("registers the execution notice before anything else and keeps it through rebalances", async () => {
    const { feed, pipeline } = setup();
    await pipeline.start();
    expect(feed.applied[0]).toMatchObject({ subscribe: [NOTICE], unsubscribe: [] });
    await pipeline.setWatchlist(["005930"]);
    await pipeline.setWatchlist([]);
    expect(feed.subscriptions()).toEqual([NOTICE]);
  });

  it("gives holdings trade and book feeds first when the budget is short, applying unsubscribes with subscribes in order", async () => {
    const { feed, pipeline } = setup(5);
    await pipeline.start();
    await pipeline.setWatchlist(["000001", "000002", "000003"]);
    await pipeline.setHoldings(["005930"]);
    const keys = feed
      .subscriptions()
      .map((r) => `${r.feed}|${r.key}`)
      .sort();
    expect(keys).toEqual(["book|005930", "notice|hts", "trade|000002", "trade|000003", "trade|005930"]);
    expect(pipeline.status().evicted).toEqual(["000001"]);
    expect(pipeline.symbols().sort()).toEqual(["000002", "000003", "005930"]);
  });

  it("turns trades into indicators, tick rows and a snapshot; null before a symbol's first trade", async () => {
    const { feed, pipeline, rows } = setup();
    await pipeline.start();
    expect(pipeline.snapshot("005930")).toBeNull();
    [100, 101, 102, 103, 104].forEach((p, i) => feed.emit("trade", makeTick({ priceKrw: p, exchangeTimeMs: T0 + i * 100 })));
    expect(rows).toHaveLength(5);
    expect(pipeline.snapshot("005930")).toMatchObject({ priceKrw: 104, ma5: 102, stale: false });
    expect(pipeline.status()).toMatchObject({ trades: 5, symbols: [{ symbol: "005930", trades: 5, exchangeTimeMs: T0 + 400 }] });
  });

  it("counts reconnections, gaps and alerts, and passes notices and alerts on", async () => {
    const { feed, pipeline } = setup();
    const seen: string[] = [];
    pipeline.on("alert", (a) => seen.push(a.code));
    pipeline.on("notice", (n) => seen.push(n.orderNo));
    await pipeline.start();
    const gap = { disconnectedAtMs: T0, reconnectedAtMs: T0 + 700, missedMs: 700 };
    feed.emit("status", { state: "connected", atMs: T0 });
    feed.emit("status", { state: "disconnected", atMs: T0 });
    feed.emit("status", { state: "connected", atMs: T0 + 700, gap });
    feed.emit("alert", { code: "FRAME_DRIFT", message: "skipped", atMs: T0 });
    feed.emit("notice", {
      event: "filled",
      accountNo: "1",
      orderNo: "0000000007",
      originalOrderNo: "",
      side: "buy",
      symbol: "005930",
      quantity: 1,
      priceKrw: 100,
      orderQuantity: 1,
      time: "100000",
      branchNo: "1",
    });
    expect(pipeline.status()).toMatchObject({ state: "connected", reconnects: 1, gaps: [gap], alerts: { FRAME_DRIFT: 1 } });
    expect(seen).toEqual(["FRAME_DRIFT", "0000000007"]);
  });

  it("closes the feed, then flushes the sink, and stops listening", async () => {
    const { feed, pipeline, rows, flushed } = setup();
    await pipeline.start();
    await pipeline.stop();
    expect([feed.closed, flushed()]).toEqual([true, 1]);
    feed.emit("trade", makeTick());
    expect(rows).toHaveLength(0);
    await pipeline.stop();
    expect(flushed()).toBe(1);
  });
});
