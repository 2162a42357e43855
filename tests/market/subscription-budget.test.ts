import { describe, expect, it } from "vitest";
import type { FeedSubscription } from "../../core/market-events.js";
import { SubscriptionBudget } from "../../market/subscription-budget.js";

const NOTICE: FeedSubscription = { feed: "notice", key: "htsid" };
const codes = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(4, "0")}`);
const feedsOf = (regs: FeedSubscription[], symbol: string) =>
  regs
    .filter((r) => r.key === symbol)
    .map((r) => r.feed)
    .sort();

describe("SubscriptionBudget", () => {
  it("gives every symbol trade and book feeds while they fit, plus the notice", () => {
    const budget = new SubscriptionBudget({ notice: NOTICE });
    const diff = budget.updatePicks(["005930", "000660"]);
    expect(diff.subscribe).toHaveLength(5);
    expect(feedsOf(budget.desired(), "005930")).toEqual(["book", "trade"]);
    expect(budget.desired()).toContainEqual(NOTICE);
    expect(diff.unsubscribe).toEqual([]);
  });

  it("keeps 41 of 45 requested symbols by priority, degrading non-holdings to trade only", () => {
    const budget = new SubscriptionBudget({ notice: NOTICE });
    const holdings = codes("1", 5);
    const picks = codes("2", 10);
    const finds = codes("3", 30);
    budget.syncWithPortfolio(holdings);
    budget.updatePicks(picks);
    const diff = budget.addScannerFinds(finds);
    const desired = budget.desired();
    expect(desired).toHaveLength(41);
    expect(desired).toContainEqual(NOTICE);
    for (const h of holdings) expect(feedsOf(desired, h)).toEqual(["book", "trade"]);
    for (const p of picks) expect(feedsOf(desired, p)).toEqual(["trade"]);
    // 40 slots − 10 (holdings) − 10 (picks) = 20 finds kept: the newest 20.
    expect(finds.filter((f) => feedsOf(desired, f).length > 0)).toEqual(finds.slice(10));
    expect(diff.evicted).toEqual(finds.slice(0, 10));
    expect(diff.unsubscribe.filter((r) => r.feed === "book")).toHaveLength(10);
  });

  it("evicts the oldest scanner finds first when new finds arrive", () => {
    const budget = new SubscriptionBudget({ notice: NOTICE, cap: 4 });
    budget.addScannerFinds(["A00001", "A00002", "A00003"]);
    const diff = budget.addScannerFinds(["A00004"]);
    expect(diff.evicted).toEqual(["A00001"]);
    expect(diff.subscribe).toEqual([{ feed: "trade", key: "A00004" }]);
    expect(diff.unsubscribe).toEqual([{ feed: "trade", key: "A00001" }]);
  });

  it("always keeps the execution-notice registration, even with nothing else", () => {
    const budget = new SubscriptionBudget({ notice: NOTICE, cap: 3 });
    budget.syncWithPortfolio(["005930", "000660", "035420"]);
    expect(budget.desired()).toContainEqual(NOTICE);
    expect(budget.desired()).toHaveLength(3);
    expect(budget.syncWithPortfolio([]).unsubscribe).toHaveLength(2);
    expect(budget.desired()).toEqual([NOTICE]);
  });

  it("moves a symbol to the higher priority when it becomes a holding", () => {
    const budget = new SubscriptionBudget({ notice: NOTICE, cap: 5 });
    budget.addScannerFinds(["A00001", "A00002", "A00003", "A00004"]);
    const diff = budget.syncWithPortfolio(["A00001"]);
    expect(feedsOf(budget.desired(), "A00001")).toEqual(["book", "trade"]);
    expect(diff.evicted).toEqual(["A00002"]);
  });
});
