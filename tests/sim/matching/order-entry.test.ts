import { describe, expect, it } from "vitest";
import type { ExchangeEvent, NewOrder, OrderRejectReason } from "../../../sim/exchange.js";
import { type Fixture, makeFixture, SMALL_UNIVERSE, tradesOf } from "../market/sim-fixture.js";

const buy = (code: string, quantity: number, priceKrw?: number): NewOrder => ({
  code,
  side: "buy",
  type: priceKrw === undefined ? "market" : "limit",
  quantity,
  priceKrw,
  appKey: "app",
});
const sell = (code: string, quantity: number, priceKrw?: number): NewOrder => ({ ...buy(code, quantity, priceKrw), side: "sell" });

function snapshot(f: Fixture, accountId: string) {
  return {
    account: f.exchange.account(accountId),
    book: f.exchange.book("005930"),
    open: f.exchange.openOrders(accountId),
    orders: f.exchange.orders(accountId, "20000101", "20991231"),
    fills: f.exchange.fills(accountId, "20000101", "20991231"),
  };
}

describe("placeOrder rejections", () => {
  const cases: Array<[OrderRejectReason, (f: Fixture) => NewOrder]> = [
    ["UNKNOWN_SYMBOL", () => buy("999999", 1, 1_000)],
    ["INVALID_QUANTITY", () => buy("005930", 0, 70_000)],
    ["INVALID_QUANTITY", () => buy("005930", 1.5, 70_000)],
    [
      "HALTED",
      (f) => {
        f.exchange.setHalted?.("005930", true);
        return buy("005930", 1, 70_000);
      },
    ],
    [
      "MARKET_CLOSED",
      (f) => {
        f.goTo("160000");
        return buy("005930", 1, 70_000);
      },
    ],
    ["OFF_TICK_GRID", (f) => buy("005930", 1, f.exchange.symbol("005930")!.basePriceKrw + 50)],
    ["OFF_TICK_GRID", () => ({ ...buy("005930", 1), type: "limit" })],
    ["OUTSIDE_PRICE_BAND", (f) => buy("005930", 1, f.exchange.symbol("005930")!.upperLimitKrw + 100)],
    ["INSUFFICIENT_CASH", () => buy("005930", 2_000, 70_000)],
    ["INSUFFICIENT_CASH", () => buy("005930", 1_500)],
    ["INSUFFICIENT_HOLDINGS", () => sell("005930", 1, 70_000)],
  ];

  it.each(cases)("rejects with %s and changes nothing", (reason, make) => {
    // Arrange: an account with a position and a resting order, mid-session
    const f = makeFixture();
    f.goTo("100000");
    const holding = f.exchange.placeOrder("A", buy("035720", 10));
    expect(holding.ok).toBe(true);
    const bid = f.exchange.book("005930")!.bids[3]!.priceKrw;
    expect(f.exchange.placeOrder("A", buy("005930", 5, bid)).ok).toBe(true);
    const order = make(f);
    const before = snapshot(f, "A");
    f.events.length = 0;

    // Act
    const result = f.exchange.placeOrder("A", order);

    // Assert
    expect(result).toMatchObject({ ok: false, reason });
    expect(snapshot(f, "A")).toEqual(before);
    expect(f.events.map((e) => e.kind === "order" && e.action)).toEqual(["rejected"]);
  });

  it("checks the symbol before the quantity, the halt before the session, the grid before the band", () => {
    const f = makeFixture({}, "070000");
    expect(f.exchange.placeOrder("A", buy("999999", 0, 1))).toMatchObject({ reason: "UNKNOWN_SYMBOL" });
    expect(f.exchange.placeOrder("A", buy("005930", -1, 1))).toMatchObject({ reason: "INVALID_QUANTITY" });
    f.exchange.setHalted?.("005930", true);
    expect(f.exchange.placeOrder("A", buy("005930", 1, 70_000))).toMatchObject({ reason: "HALTED" });
    f.exchange.setHalted?.("005930", false);
    expect(f.exchange.placeOrder("A", buy("005930", 1, 70_050))).toMatchObject({ reason: "MARKET_CLOSED" });
    f.goTo("100000");
    expect(f.exchange.placeOrder("A", buy("005930", 1, 1_000_050))).toMatchObject({ reason: "OFF_TICK_GRID" });
    expect(f.exchange.placeOrder("A", buy("005930", 10_000, 1_000_000))).toMatchObject({ reason: "OUTSIDE_PRICE_BAND" });
  });
});

describe("placeOrder fills", () => {
  const events = (f: Fixture, kind: ExchangeEvent["kind"]) => f.events.filter((e) => e.kind === kind);

  it("fills a marketable limit buy at the best ask and books cash, holdings and commission", () => {
    const f = makeFixture();
    f.goTo("100000");
    const ask = f.exchange.book("005930")!.asks[0]!;
    f.events.length = 0;
    const result = f.exchange.placeOrder("A", buy("005930", 10, ask.priceKrw));
    const amount = 10 * ask.priceKrw;
    // 0.015 % in integer arithmetic: amount × 0.00015 in floating point can land just under a whole KRW.
    const fee = Math.floor((amount * 15) / 100_000);
    expect(result).toMatchObject({ ok: true, order: { status: "filled", filledQuantity: 10, filledAmountKrw: amount, orgNo: "91252" } });
    expect(f.exchange.account("A")).toEqual({
      accountId: "A",
      cashKrw: 100_000_000 - amount - fee,
      orderableCashKrw: 100_000_000 - amount - fee,
      holdings: [
        {
          code: "005930",
          quantity: 10,
          sellableQuantity: 10,
          averagePriceKrw: ask.priceKrw,
          purchaseAmountKrw: amount,
          boughtToday: 10,
          soldToday: 0,
        },
      ],
    });
    expect(f.events.map((e) => e.kind)).toEqual(expect.arrayContaining(["order", "trade", "fill"]));
    const trade = events(f, "trade")[0];
    expect(trade).toMatchObject({ trade: { priceKrw: ask.priceKrw, quantity: 10, aggressor: "buy" } });
    expect(events(f, "fill")[0]).toMatchObject({ fill: { quantity: 10, priceKrw: ask.priceKrw, feeKrw: fee, taxKrw: 0 } });
  });

  it("numbers orders with increasing 10-digit numbers", () => {
    const f = makeFixture();
    f.goTo("100000");
    const numbers = [1, 2, 3].map(() => {
      const r = f.exchange.placeOrder("A", buy("035720", 1));
      return r.ok ? r.order.orderNo : "";
    });
    expect(numbers.every((n) => /^\d{10}$/.test(n))).toBe(true);
    expect([...numbers].sort()).toEqual(numbers);
    expect(new Set(numbers).size).toBe(3);
  });

  it("walks the book, fills partially and rests the remainder of a large limit order", () => {
    const f = makeFixture({ initialCashKrw: 1_000_000_000 });
    f.goTo("100000");
    const book = f.exchange.book("035720")!;
    const [a0, a1] = [book.asks[0]!, book.asks[1]!];
    const quantity = a0.quantity + a1.quantity + 25;
    const result = f.exchange.placeOrder("A", buy("035720", quantity, a1.priceKrw));
    expect(result).toMatchObject({ ok: true, order: { status: "open", filledQuantity: a0.quantity + a1.quantity } });
    expect(result.ok && result.order.filledAmountKrw).toBe(a0.quantity * a0.priceKrw + a1.quantity * a1.priceKrw);
    const open = f.exchange.openOrders("A");
    expect(open).toHaveLength(1);
    expect(open[0]!.quantity - open[0]!.filledQuantity).toBe(25);
    const reserved = 25 * a1.priceKrw + Math.floor(25 * a1.priceKrw * 0.00015);
    const view = f.exchange.account("A");
    expect(view.cashKrw - view.orderableCashKrw).toBe(reserved);
    expect(f.exchange.book("035720")!.asks[0]!.priceKrw).toBeGreaterThan(a1.priceKrw);
  });

  it("cancels the unfilled rest of a market order beyond ten levels", () => {
    const f = makeFixture({ initialCashKrw: 10_000_000_000_000 });
    f.goTo("100000");
    const depth = f.exchange.book("035720")!.totalAskQuantity;
    const result = f.exchange.placeOrder("A", buy("035720", depth + 100));
    expect(result).toMatchObject({ ok: true, order: { status: "cancelled", filledQuantity: depth, cancelledQuantity: 100 } });
    expect(f.events.find((e) => e.kind === "order" && e.action === "cancelled")).toMatchObject({ cause: "unfilled-remainder" });
  });

  it("fills a resting limit order on a later print at or through its price, bounded by the print", () => {
    // A twin of the seeded market shows which symbol trades back down to its 10:00 bid within the hour
    // (a resting limit leaves the book, and so the market, as it is).
    const twin = makeFixture();
    twin.goTo("100000");
    const bids = new Map(SMALL_UNIVERSE.map((s) => [s.code, twin.exchange.book(s.code)!.bids[0]!.priceKrw]));
    twin.events.length = 0;
    twin.goTo("110000");
    const code = SMALL_UNIVERSE.map((s) => s.code).find((c) =>
      tradesOf(twin.events).some((t) => t.code === c && t.priceKrw <= bids.get(c)!),
    );
    if (code === undefined) throw new Error("no symbol of the fixture came back to its bid within the hour");
    const f = makeFixture();
    f.goTo("100000");
    const bid = f.exchange.book(code)!.bids[0]!.priceKrw;
    const placed = f.exchange.placeOrder("A", buy(code, 1_000, bid));
    expect(placed).toMatchObject({ ok: true, order: { status: "open", filledQuantity: 0 } });
    f.events.length = 0;
    f.goTo("110000");
    const firstFill = f.events.findIndex((e) => e.kind === "fill");
    expect(firstFill).toBeGreaterThan(0);
    // The print's book and program events may come between it and the fill it causes.
    const trigger = f.events
      .slice(0, firstFill)
      .reverse()
      .find((e) => e.kind === "trade");
    const fill = f.events[firstFill];
    if (trigger?.kind !== "trade" || fill?.kind !== "fill") throw new Error("a fill follows the print that caused it");
    expect(trigger.trade.priceKrw).toBeLessThanOrEqual(bid);
    expect(fill.fill.priceKrw).toBe(bid);
    expect(fill.fill.quantity).toBeLessThanOrEqual(trigger.trade.quantity);
    expect(fill.fill.timeMs).toBe(trigger.trade.timeMs);
  });

  it("matches auction orders at the single price", () => {
    const f = makeFixture();
    f.goTo("084000");
    const state = f.exchange.symbol("005930")!;
    const crossing = f.exchange.placeOrder("A", buy("005930", 5, state.upperLimitKrw));
    const resting = f.exchange.placeOrder("A", buy("005930", 5, state.lowerLimitKrw));
    expect(crossing).toMatchObject({ ok: true, order: { status: "open" } });
    f.goTo("090000");
    const open = f.exchange.symbol("005930")!.openKrw;
    const fills = f.exchange.fills("A", "20000101", "20991231");
    expect(fills).toEqual([expect.objectContaining({ quantity: 5, priceKrw: open, timeMs: f.clock.now() })]);
    expect(f.exchange.openOrders("A").map((o) => o.orderNo)).toEqual([resting.ok && resting.order.orderNo]);
  });

  it("matches closing-auction orders at the closing price", () => {
    const f = makeFixture();
    f.goTo("140000");
    expect(f.exchange.placeOrder("A", buy("086520", 10)).ok).toBe(true);
    f.goTo("152500");
    const sold = f.exchange.placeOrder("A", sell("086520", 4));
    expect(sold).toMatchObject({ ok: true, order: { status: "open" } });
    f.goTo("153000");
    const close = f.exchange.symbol("086520")!.lastKrw;
    expect(f.exchange.fills("A", "20000101", "20991231")[0]).toMatchObject({ quantity: 4, priceKrw: close, side: "sell" });
  });
});
