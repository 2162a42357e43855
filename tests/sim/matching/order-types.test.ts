/**
 * KRX order types beyond limit and market (KIS ORD_DVSN 03–07, 11–16): 최유리 and 최우선 priced
 * from the book, IOC/FOK, the closing-price sessions and the 시간외 단일가 rounds, each refused
 * outside its own session.
 */
import { describe, expect, it } from "vitest";
import type { NewOrder, OrderCondition, OrderType, SimOrder } from "../../../sim/exchange.js";
import { offHoursQuantity } from "../../../sim/market/off-hours.js";
import { singlePriceBand, isOnTickGrid } from "../../../venue/krx.js";
import { DAY, FIXTURE_SEED, type Fixture, at, makeFixture } from "../market/sim-fixture.js";

const RICH = { initialCashKrw: 10_000_000_000_000 };
const CODE = "035720";

function order(
  side: "buy" | "sell",
  type: OrderType,
  quantity: number,
  extra: { priceKrw?: number; condition?: OrderCondition } = {},
): NewOrder {
  return { code: CODE, side, type, quantity, appKey: "app", ...extra };
}

function placed(f: Fixture, request: NewOrder): SimOrder {
  const result = f.exchange.placeOrder("A", request);
  if (!result.ok) throw new Error(`expected the order to be accepted, got ${result.reason}: ${result.message}`);
  return result.order;
}

const cancellations = (f: Fixture) => f.events.filter((e) => e.kind === "order" && e.action === "cancelled");

describe("최유리 and 최우선 (03, 04)", () => {
  it("prices a 최유리 buy at the best ask, takes that level only and rests the rest there", () => {
    const f = makeFixture(RICH);
    f.goTo("100000");
    const ask = f.exchange.book(CODE)!.asks[0]!;
    const o = placed(f, order("buy", "best", ask.quantity + 7));
    expect(o).toMatchObject({ type: "best", priceKrw: ask.priceKrw, filledQuantity: ask.quantity, status: "open" });
    expect(f.exchange.fills("A", DAY, DAY).every((fill) => fill.priceKrw === ask.priceKrw)).toBe(true);
    expect(f.exchange.openOrders("A")).toEqual([expect.objectContaining({ orderNo: o.orderNo, priceKrw: ask.priceKrw })]);
  });

  it("prices a 최우선 buy at the best bid, where it rests without taking anything", () => {
    const f = makeFixture();
    f.goTo("100000");
    const bid = f.exchange.book(CODE)!.bids[0]!.priceKrw;
    const o = placed(f, order("buy", "priority", 3));
    expect(o).toMatchObject({ type: "priority", priceKrw: bid, filledQuantity: 0, status: "open" });
    const view = f.exchange.account("A");
    expect(view.cashKrw - view.orderableCashKrw).toBe(3 * bid + Math.floor((3 * bid * 15) / 100_000));
  });

  it("refuses 최유리, 최우선 and IOC/FOK orders in the auctions, where KRX takes none of them", () => {
    const f = makeFixture();
    f.goTo("084500");
    for (const request of [
      order("buy", "best", 1),
      order("buy", "priority", 1),
      order("buy", "limit", 1, { priceKrw: f.exchange.symbol(CODE)!.basePriceKrw, condition: "IOC" }),
    ]) {
      expect(f.exchange.placeOrder("A", request)).toMatchObject({ ok: false, reason: "MARKET_CLOSED" });
    }
    f.goTo("152500");
    expect(f.exchange.placeOrder("A", order("buy", "market", 1, { condition: "FOK" }))).toMatchObject({
      ok: false,
      reason: "MARKET_CLOSED",
    });
  });
});

describe("IOC and FOK (11–16)", () => {
  it("IOC limit fills what the book holds up to the limit and cancels the rest at once", () => {
    const f = makeFixture(RICH);
    f.goTo("100000");
    const [a0, a1] = f.exchange.book(CODE)!.asks;
    const o = placed(f, order("buy", "limit", a0!.quantity + a1!.quantity + 40, { priceKrw: a1!.priceKrw, condition: "IOC" }));
    expect(o).toMatchObject({ condition: "IOC", status: "cancelled", filledQuantity: a0!.quantity + a1!.quantity, cancelledQuantity: 40 });
    expect(cancellations(f).at(-1)).toMatchObject({ cause: "unfilled-remainder" });
    expect(f.exchange.openOrders("A")).toEqual([]);
  });

  it("FOK limit fills nothing when the book cannot fill all of it, and all when it can", () => {
    const f = makeFixture(RICH);
    f.goTo("100000");
    const [a0, a1] = f.exchange.book(CODE)!.asks;
    const bookBefore = f.exchange.book(CODE);
    const killed = placed(f, order("buy", "limit", a0!.quantity + a1!.quantity + 1, { priceKrw: a1!.priceKrw, condition: "FOK" }));
    expect(killed).toMatchObject({ status: "cancelled", filledQuantity: 0, cancelledQuantity: a0!.quantity + a1!.quantity + 1 });
    expect(f.exchange.book(CODE)).toEqual(bookBefore);
    const filled = placed(f, order("buy", "limit", a0!.quantity + a1!.quantity, { priceKrw: a1!.priceKrw, condition: "FOK" }));
    expect(filled).toMatchObject({ status: "filled", filledQuantity: a0!.quantity + a1!.quantity });
  });

  it("FOK market is killed whole beyond the ten levels; IOC 최유리 takes the best level only", () => {
    const f = makeFixture(RICH);
    f.goTo("100000");
    const depth = f.exchange.book(CODE)!.totalAskQuantity;
    expect(placed(f, order("buy", "market", depth + 1, { condition: "FOK" }))).toMatchObject({ status: "cancelled", filledQuantity: 0 });
    const ask = f.exchange.book(CODE)!.asks[0]!;
    const ioc = placed(f, order("buy", "best", ask.quantity + 5, { condition: "IOC" }));
    expect(ioc).toMatchObject({
      type: "best",
      condition: "IOC",
      priceKrw: ask.priceKrw,
      filledQuantity: ask.quantity,
      cancelledQuantity: 5,
      status: "cancelled",
    });
  });
});

describe("장전 and 장후 시간외 종가 (05, 06)", () => {
  it("fills 05 at the previous close from the session's seeded interest, 08:30–08:40 only, the rest expiring at 08:40", () => {
    const f = makeFixture(RICH);
    f.goTo("083500");
    const s = f.exchange.symbol(CODE)!;
    const interest = offHoursQuantity(FIXTURE_SEED, CODE, DAY, "PRE_OPEN_CLOSE", "buy", s.previousDayVolume);
    const o = placed(f, order("buy", "preOpenClose", interest + 50));
    expect(o).toMatchObject({ priceKrw: s.basePriceKrw, filledQuantity: interest, status: "open" });
    expect(placed(f, order("buy", "preOpenClose", 1))).toMatchObject({ filledQuantity: 0, status: "open" });
    f.goTo("084000");
    expect(f.exchange.openOrders("A")).toEqual([]);
    expect(cancellations(f).filter((e) => e.kind === "order" && e.cause === "expired")).toHaveLength(2);
    expect(f.exchange.placeOrder("A", order("buy", "preOpenClose", 1))).toMatchObject({ ok: false, reason: "MARKET_CLOSED" });
  });

  it("expires regular orders at the close, takes 06 from 15:30 at today's close, matches it at 15:40 and expires the rest at 16:00", () => {
    const f = makeFixture(RICH);
    f.goTo("152500");
    const regular = placed(f, order("buy", "limit", 1, { priceKrw: f.exchange.symbol(CODE)!.lowerLimitKrw }));
    f.goTo("153500");
    expect(f.exchange.orders("A", DAY, DAY).find((o) => o.orderNo === regular.orderNo)?.status).toBe("cancelled");
    const s = f.exchange.symbol(CODE)!;
    const o = placed(f, order("buy", "postClose", 10_000_000));
    expect(o).toMatchObject({ priceKrw: s.lastKrw, filledQuantity: 0, status: "open" });
    f.goTo("153959");
    expect(f.exchange.fills("A", DAY, DAY)).toEqual([]);
    f.goTo("154000");
    const interest = offHoursQuantity(FIXTURE_SEED, CODE, DAY, "POST_CLOSE", "buy", s.volume);
    expect(f.exchange.fills("A", DAY, DAY)).toEqual([
      expect.objectContaining({ quantity: interest, priceKrw: s.lastKrw, timeMs: at("154000") }),
    ]);
    f.goTo("160000");
    expect(f.exchange.openOrders("A")).toEqual([]);
    expect(f.exchange.placeOrder("A", order("buy", "postClose", 1))).toMatchObject({ ok: false, reason: "MARKET_CLOSED" });
  });
});

describe("시간외 단일가 (07)", () => {
  it("takes priced orders 16:00–18:00 within ±10 % of the close and matches them every 10 minutes", () => {
    const f = makeFixture(RICH);
    f.goTo("155000");
    expect(f.exchange.placeOrder("A", order("buy", "singlePrice", 1, { priceKrw: f.exchange.symbol(CODE)!.lastKrw }))).toMatchObject({
      ok: false,
      reason: "MARKET_CLOSED",
    });
    f.goTo("160500");
    const s = f.exchange.symbol(CODE)!;
    const band = singlePriceBand(s.lastKrw, s.lowerLimitKrw, s.upperLimitKrw);
    expect(f.exchange.placeOrder("A", order("buy", "singlePrice", 1, { priceKrw: band.upperKrw + 50 }))).toMatchObject({
      ok: false,
      reason: "OUTSIDE_PRICE_BAND",
    });
    expect(f.exchange.placeOrder("A", order("buy", "singlePrice", 1))).toMatchObject({ ok: false, reason: "OFF_TICK_GRID" });
    const crossing = placed(f, order("buy", "singlePrice", 4, { priceKrw: band.upperKrw }));
    const below = placed(f, order("buy", "singlePrice", 4, { priceKrw: band.lowerKrw }));
    f.goTo("160959");
    expect(f.exchange.fills("A", DAY, DAY)).toEqual([]);
    f.goTo("161000");
    const [fill] = f.exchange.fills("A", DAY, DAY);
    expect(fill).toMatchObject({ orderNo: crossing.orderNo, quantity: 4, timeMs: at("161000") });
    expect(isOnTickGrid(fill!.priceKrw) && fill!.priceKrw >= band.lowerKrw && fill!.priceKrw <= band.upperKrw).toBe(true);
    f.goTo("180000");
    expect(f.exchange.orders("A", DAY, DAY).find((o) => o.orderNo === below.orderNo)).toMatchObject({
      status: "cancelled",
      filledQuantity: 0,
    });
    expect(f.exchange.placeOrder("A", order("buy", "singlePrice", 1, { priceKrw: band.upperKrw }))).toMatchObject({
      ok: false,
      reason: "MARKET_CLOSED",
    });
  });

  it("clears the same round prices for the same seed", () => {
    const prices = [1, 2].map(() => {
      const f = makeFixture(RICH);
      f.goTo("160100");
      const s = f.exchange.symbol(CODE)!;
      const { upperKrw } = singlePriceBand(s.lastKrw, s.lowerLimitKrw, s.upperLimitKrw);
      for (const next of ["161500", "162500", "163000"]) {
        placed(f, order("buy", "singlePrice", 1, { priceKrw: upperKrw }));
        f.goTo(next);
      }
      return f.exchange.fills("A", DAY, DAY).map((fill) => fill.priceKrw);
    });
    expect(prices[0]).toHaveLength(3);
    expect(prices[1]).toEqual(prices[0]);
  });
});
