import { describe, expect, it } from "vitest";
import { ManualClock, fromKst } from "../../core/clock.js";
import type { Bar } from "../../core/types.js";
import type { Trade } from "../../db/trades-repo.js";
import { backfillPnl } from "../../jobs/pnl-backfill.js";

function trade(id: number, over: Partial<Trade>): Trade {
  return {
    id,
    runId: "r",
    timestampMs: fromKst("20261110", "100000"),
    ticker: "005930",
    action: "buy",
    quantity: 10,
    priceKrw: 70_000,
    justificationText: "",
    marketSnapshot: {},
    portfolioBefore: {},
    executionStatus: "FILLED",
    createdAtMs: 0,
    updatedAtMs: 0,
    ...over,
  };
}

const bar = (date: string, closeKrw: number): Bar => ({
  date,
  openKrw: closeKrw,
  highKrw: closeKrw,
  lowKrw: closeKrw,
  closeKrw,
  volume: 1,
  tradeValueKrw: closeKrw,
});

function fakes(trades: Trade[], nowMs: number) {
  const set: Array<[number, Record<string, number | undefined>]> = [];
  const barRequests: Array<{ symbol: string; from: string; to: string }> = [];
  return {
    set,
    barRequests,
    deps: {
      clock: new ManualClock(nowMs),
      trades: {
        listBetween: (from: number, to: number) => trades.filter((t) => t.timestampMs >= from && t.timestampMs < to),
        setPnl: (id: number, values: Record<string, number | undefined>) => void set.push([id, values]),
      },
      market: {
        async getDailyBars(symbol: string, range: { from: string; to: string }) {
          barRequests.push({ symbol, ...range });
          return [bar(range.from, 70_000), bar(range.to, 71_000)];
        },
      },
    },
  };
}

describe("backfillPnl", () => {
  it("fills the 7-day P&L of a filled buy from the close on the horizon day", async () => {
    // Trade Tuesday 2026-11-10; now is 2026-11-17 16:00, after the close of the horizon day.
    const f = fakes([trade(1, {})], fromKst("20261117", "160000"));
    expect(await backfillPnl(f.deps)).toEqual({ updated: 1 });
    expect(f.barRequests).toEqual([{ symbol: "005930", from: "20261110", to: "20261117" }]);
    expect(f.set).toEqual([[1, { pnl7DaysKrw: 10_000 }]]);
  });

  it("waits for the horizon day's close", async () => {
    const f = fakes([trade(1, {})], fromKst("20261117", "140000"));
    expect(await backfillPnl(f.deps)).toEqual({ updated: 0 });
  });

  it("skips holds, unfilled orders and values already set", async () => {
    const f = fakes(
      [
        trade(1, { action: "hold" }),
        trade(2, { executionStatus: "DENIED" }),
        trade(3, { pnl7DaysKrw: 5 }),
        trade(4, { executionStatus: "PARTIAL" }),
      ],
      fromKst("20261117", "160000"),
    );
    await backfillPnl(f.deps);
    expect(f.set.map(([id]) => id)).toEqual([4]);
  });

  it("counts a sell as gaining when the price falls afterwards", async () => {
    const f = fakes([trade(2, { action: "sell", quantity: 3, priceKrw: 72_000 })], fromKst("20261117", "160000"));
    await backfillPnl(f.deps);
    expect(f.set).toEqual([[2, { pnl7DaysKrw: 3_000 }]]);
  });

  it("uses the first close on or after the horizon when the horizon is a holiday", async () => {
    // Friday 2026-12-18 + 7 = Christmas; the next close is Monday 2026-12-28's.
    const f = fakes([trade(3, { timestampMs: fromKst("20261218", "100000") })], fromKst("20261228", "160000"));
    await backfillPnl(f.deps);
    expect(f.barRequests).toEqual([{ symbol: "005930", from: "20261218", to: "20261228" }]);
    expect(f.set).toEqual([[3, { pnl7DaysKrw: 10_000 }]]);
  });

  it("fills the 30-day P&L once thirty days have passed", async () => {
    const f = fakes([trade(7, { timestampMs: fromKst("20261020", "100000"), pnl7DaysKrw: 1 })], fromKst("20261119", "160000"));
    await backfillPnl(f.deps);
    expect(f.set).toEqual([[7, { pnl30DaysKrw: 10_000 }]]);
  });
});
