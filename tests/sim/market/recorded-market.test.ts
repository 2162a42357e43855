/**
 * The simulator's market driven by a recorded tape (collector CSV): prints played at the end of
 * their second, the opening and closing single prices from the tape, orders filling with the same
 * matching rules against recorded liquidity only (never beyond a print's volume or a level's
 * quantity), a take standing in for the recording's copy of its own print, a day without data halted.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fromKst, ManualClock } from "../../../core/clock.js";
import { writeDailyBars } from "../../../market/history-files.js";
import { createSimExchange } from "../../../sim/market/create-exchange.js";
import { inferAggressor } from "../../../sim/market/recorded-tape.js";
import { openDatabase } from "../../../db/database.js";
import { TICK_COLUMNS } from "../../../market/indicators/columns.js";
import { type RowSpec, tickRow, writeTickCsv } from "../../market/tick-rows.js";

const DAY = "20261019";
const DAY2 = "20261020";
const at = (time: string, date = DAY) => fromKst(date, time);
const order = { appKey: "k", type: "limit" as const };

const TAPE: RowSpec[] = [
  { time: "090000", price: 71_000, volume: 1200, ask: [71_100, 500], bid: [71_000, 800] },
  { time: "090001", price: 71_100, volume: 3, ask: [71_100, 497], bid: [71_000, 800] },
  { time: "090005", price: 71_100, volume: 10, ask: [71_100, 487], bid: [71_000, 800] },
  { time: "090007", price: 71_000, volume: 50, ask: [71_100, 487], bid: [71_000, 750] },
  { time: "090100", price: 70_900, volume: 200, ask: [71_000, 300], bid: [70_900, 100] },
  { time: "153000", price: 71_200, volume: 5000, ask: [71_300, 100], bid: [71_200, 100] },
];
const TAPE_VOLUME = TAPE.reduce((n, r) => n + r.volume, 0);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "recorded-market-"));
  writeTickCsv(dir, "005930", DAY, TAPE);
  writeTickCsv(dir, "000660", DAY2, [{ time: "090000", price: 215_000, volume: 10 }]);
  writeDailyBars(join(dir, "history"), "005930", [
    { date: "20261016", openKrw: 70_000, highKrw: 71_000, lowKrw: 69_900, closeKrw: 70_500, volume: 9_000_000, tradeValueKrw: 0 },
  ]);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function market() {
  const clock = new ManualClock(at("080000"));
  const exchange = createSimExchange({
    seed: 3,
    clock,
    initialCashKrw: 1_000_000_000,
    market: { kind: "csv", dir, historyDir: join(dir, "history") },
  });
  const goTo = (time: string, date = DAY) => {
    clock.set(at(time, date));
    exchange.advanceTo(clock.now());
  };
  return { clock, exchange, goTo };
}

describe("recorded market", () => {
  it("lists the recorded symbols, bases the day on the stored previous close, and plays each second at its end", () => {
    const { exchange, clock } = market();
    expect(exchange.symbols().map((s) => s.code)).toEqual(["000660", "005930"]);
    expect(exchange.dailyBars("005930", "20261001", DAY).map((b) => b.date)).toEqual(["20261016"]);
    exchange.advanceTo(at("090001") + 998);
    expect(exchange.symbol("005930")).toMatchObject({
      basePriceKrw: 70_500,
      upperLimitKrw: 91_600,
      openKrw: 71_000,
      lastKrw: 71_000,
      volume: 1200,
    });
    clock.set(at("090001") + 999);
    exchange.advanceTo(clock.now());
    expect(exchange.symbol("005930")).toMatchObject({ lastKrw: 71_100, volume: 1203 });
    expect(exchange.book("005930")?.asks.slice(0, 4)).toEqual([
      { priceKrw: 71_100, quantity: 497 },
      { priceKrw: 71_200, quantity: 1000 },
      { priceKrw: 71_300, quantity: 1000 },
      { priceKrw: 71_400, quantity: 0 },
    ]);
  });

  it("fills a marketable order against recorded levels only, and a resting one no further than the prints' volume", () => {
    const { exchange, goTo } = market();
    goTo("090003");
    const take = exchange.placeOrder("A", { ...order, code: "005930", side: "buy", quantity: 3000, priceKrw: 71_400, condition: "IOC" });
    expect(take.ok).toBe(true);
    const fillsOf = (result: typeof take) =>
      exchange
        .fills("A", DAY, DAY)
        .filter((f) => result.ok && f.orderNo === result.order.orderNo)
        .map((f) => [f.priceKrw, f.quantity])
        .sort((a, b) => a[0]! - b[0]!);
    expect(fillsOf(take)).toEqual([
      [71_100, 497],
      [71_200, 1000],
      [71_300, 1000],
    ]);
    const resting = exchange.placeOrder("A", { ...order, code: "005930", side: "buy", quantity: 1000, priceKrw: 70_900 });
    goTo("153100");
    expect(fillsOf(resting)).toEqual([[70_900, 200]]);
    expect(exchange.openOrders("A")).toEqual([]);
    const bar = exchange.dailyBars("005930", DAY, DAY)[0];
    expect(bar).toMatchObject({ openKrw: 71_000, closeKrw: 71_200, volume: TAPE_VOLUME + 2497 });
  });

  it("a take equal to a recorded print of its second stands for it: the day's volume is the recording's", () => {
    const { exchange, goTo } = market();
    goTo("090005");
    expect(exchange.placeOrder("A", { ...order, code: "005930", side: "buy", quantity: 10, priceKrw: 71_100 }).ok).toBe(true);
    expect(exchange.fills("A", DAY, DAY).map((f) => [f.priceKrw, f.quantity])).toEqual([[71_100, 10]]);
    goTo("153100");
    expect(exchange.dailyBars("005930", DAY, DAY)[0]?.volume).toBe(TAPE_VOLUME);
  });

  it("halts a symbol on a day without data and refuses prices outside the recorded day's limits", () => {
    const { exchange, goTo } = market();
    goTo("100000");
    expect(exchange.symbol("000660")?.halted).toBe(true);
    expect(exchange.placeOrder("A", { ...order, code: "000660", side: "buy", quantity: 1, priceKrw: 215_000 }).ok).toBe(false);
    expect(exchange.placeOrder("A", { ...order, code: "005930", side: "buy", quantity: 1, priceKrw: 92_000 })).toMatchObject({ ok: false });
    goTo("100000", DAY2);
    expect(exchange.symbol("000660")).toMatchObject({ halted: false, lastKrw: 215_000, volume: 10 });
    expect(exchange.symbol("005930")?.halted).toBe(true);
  });
});

describe("recorded market from the tick store", () => {
  it("plays the ticks table of a kis-agent database as its CSV export would", () => {
    const db = openDatabase(join(dir, "kis-agent.sim.sqlite"));
    const insert = db.prepare(
      `INSERT INTO ticks (${TICK_COLUMNS.map((c) => c.sql).join(",")}) VALUES (${TICK_COLUMNS.map(() => "?").join(",")})`,
    );
    for (const spec of TAPE) insert.run(...tickRow("005930", DAY, spec));
    db.close();
    const clock = new ManualClock(at("080000"));
    const exchange = createSimExchange({ seed: 3, clock, market: { kind: "recorded", dbPath: join(dir, "kis-agent.sim.sqlite") } });
    exchange.advanceTo(at("153100"));
    expect(exchange.symbols().map((s) => s.code)).toEqual(["005930"]);
    expect(exchange.dailyBars("005930", DAY, DAY)).toEqual([
      expect.objectContaining({ openKrw: 71_000, highKrw: 71_200, lowKrw: 70_900, closeKrw: 71_200, volume: TAPE_VOLUME }),
    ]);
    expect(() => createSimExchange({ seed: 3, clock, market: { kind: "recorded", dbPath: join(dir, "missing.sqlite") } })).toThrow(
      /cannot open/,
    );
  });
});

describe("inferAggressor", () => {
  const quote = (ask: number, askQty: number, bid: number, bidQty: number) => ({
    askPricesKrw: [ask],
    bidPricesKrw: [bid],
    askQuantities: [askQty],
    bidQuantities: [bidQty],
    imbalance: null,
  });
  const tick = { lastKrw: 100, lastSide: "sell" as const };
  it("reads the side from the level a print emptied, then from the quote after it, then before it, then the tick rule", () => {
    // Took the whole best bid: the book stepped down, so the ask after is at the print's price.
    expect(inferAggressor(100, 5, quote(101, 9, 100, 5), quote(100, 7, 99, 3), tick)).toBe("sell");
    expect(inferAggressor(101, 2, quote(101, 9, 100, 5), quote(101, 7, 100, 5), tick)).toBe("buy");
    expect(inferAggressor(102, 2, quote(101, 9, 100, 5), undefined, tick)).toBe("buy");
    expect(inferAggressor(101, 2, undefined, undefined, tick)).toBe("buy");
    expect(inferAggressor(100, 2, undefined, undefined, tick)).toBe("sell");
  });
});
