import { describe, expect, it } from "vitest";
import { ManualClock, addDays, fromKst } from "../../core/clock.js";
import { createAnalyze } from "../../nodes/analyze.js";
import type { RunContext } from "../../nodes/run-context.js";
import type { TradingStateValue } from "../../state/trading-state.js";
import { makeAccount, makeHolding } from "../builders/trading.js";
import { FakeMarketData, fakeQuote } from "../fakes/fake-market-data.js";
import { memoryRunContext, storedContext } from "../fakes/memory-run-context.js";

const NOW = fromKst("20261123", "121500");

function history(symbol: string, days: number, close: (i: number) => number) {
  return Array.from({ length: days }, (_, i) => {
    const c = close(i);
    return {
      date: addDays("20261123", i - days),
      openKrw: c,
      highKrw: c,
      lowKrw: c,
      closeKrw: c,
      volume: 1_000_000,
      tradeValueKrw: c * 1_000_000,
      symbol,
    };
  });
}

function setup() {
  const market = new FakeMarketData();
  market.quotes.set("005930", fakeQuote("005930", 71_000, { volume: 1_000_000 }));
  market.quotes.set("000660", fakeQuote("000660", 180_000));
  market.bars.set(
    "005930",
    history("005930", 40, (i) => 60_000 + i * 250),
  );
  const context = memoryRunContext();
  const state = storedContext(context, "r1", {
    account: makeAccount({ holdings: [makeHolding({ symbol: "000660" })] }),
  }) as TradingStateValue;
  return { market, state, clock: new ManualClock(NOW), context };
}

/** The market context analyze stored for the run, by the ref it returned. */
async function analyzed(analyze: ReturnType<typeof createAnalyze>, state: TradingStateValue, context: RunContext) {
  const update = await analyze(state);
  return { update, market: context.market({ runId: state.runId, marketRef: update.marketRef ?? null }) };
}

describe("analyze", () => {
  it("puts holdings first, then the watchlist, with daily indicators from history and today's price", async () => {
    const { market, state, clock, context } = setup();
    const { update, market: stored } = await analyzed(
      createAnalyze({ market, clock, watchlist: ["005930", "000660"], context }),
      state,
      context,
    );
    const symbols = stored?.symbols ?? [];
    expect(symbols.map((s) => [s.symbol, s.held])).toEqual([
      ["000660", true],
      ["005930", false],
    ]);
    const samsung = symbols[1];
    expect(samsung?.ma5).toBeCloseTo((69_750 + 69_500 + 69_250 + 69_000 + 71_000) / 5, 9);
    expect(samsung?.rsi14).toBe(100);
    expect(samsung?.volumeRatio).toBeCloseTo(1 / ((12.25 * 3600 - 9 * 3600) / 23_400), 6);
    expect(update.marketRef).toMatchObject({ ref: "market", phase: "CONTINUOUS", symbols: 2, gaps: [] });
    expect(stored?.kospi?.value).toBe(2_500);
  });

  it("names symbols from the rankings and holdings when the quote has no name", async () => {
    const { market, state, clock, context } = setup();
    market.quotes.set("000660", fakeQuote("000660", 180_000, { name: "" }));
    market.failing.add("getVolumeRanking");
    const { market: stored } = await analyzed(createAnalyze({ market, clock, watchlist: [], context }), state, context);
    expect(stored?.symbols.find((s) => s.symbol === "000660")?.name).toBe("삼성전자");
  });

  it("records what it could not fetch as gaps and keeps going", async () => {
    const { market, state, clock, context } = setup();
    market.failing.add("getIndex");
    market.failing.add("getChangeRanking");
    const { update, market: stored } = await analyzed(
      createAnalyze({ market, clock, watchlist: ["005930", "999999"], context }),
      state,
      context,
    );
    expect(stored?.kospi).toBeNull();
    expect(update.marketRef?.gaps.join("\n")).toMatch(/KOSPI index: getIndex is down/);
    expect(update.marketRef?.gaps.join("\n")).toMatch(/symbol 999999/);
    expect(stored?.symbols.map((s) => s.symbol)).toEqual(["000660", "005930"]);
  });

  it("alerts when a held symbol has no market data", async () => {
    const { market, state, clock, context } = setup();
    market.quotes.delete("000660");
    const update = await createAnalyze({ market, clock, watchlist: [], context })(state);
    expect(update.alerts).toMatch(/no market data for held 000660/);
  });

  it("fetches daily bars once per symbol and day across runs", async () => {
    const { market, state, clock, context } = setup();
    const analyze = createAnalyze({ market, clock, watchlist: ["005930"], dailyCache: new Map(), context });
    await analyze(state);
    await analyze(state);
    expect(market.calls.filter((c) => c.method === "getDailyBars" && c.symbol === "005930")).toHaveLength(1);
  });
});
