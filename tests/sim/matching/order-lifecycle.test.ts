import { describe, expect, it } from "vitest";
import type { NewOrder, SimOrder } from "../../../sim/exchange.js";
import { commissionKrw, sellTaxKrw } from "../../../core/fees.js";
import { DAY, makeFixture, NEXT_DAY } from "../market/sim-fixture.js";

const limit = (side: "buy" | "sell", code: string, quantity: number, priceKrw: number): NewOrder => ({
  code,
  side,
  type: "limit",
  quantity,
  priceKrw,
  appKey: "app",
});
const market = (side: "buy" | "sell", code: string, quantity: number): NewOrder => ({
  code,
  side,
  type: "market",
  quantity,
  appKey: "app",
});

function placed(result: ReturnType<ReturnType<typeof makeFixture>["exchange"]["placeOrder"]>): SimOrder {
  if (!result.ok) throw new Error(`expected an accepted order, got ${result.reason}`);
  return result.order;
}

/** A resting buy far below the market, so no print fills it during the test. */
function restingBuy(f: ReturnType<typeof makeFixture>, quantity: number): SimOrder {
  const deep = f.exchange.book("005930")!.bids[9]!.priceKrw;
  return placed(f.exchange.placeOrder("A", limit("buy", "005930", quantity, deep)));
}

describe("modifyOrder", () => {
  it("moves the remaining quantity to a new order number and keeps the original's fills", () => {
    const f = makeFixture({ initialCashKrw: 1_000_000_000 });
    f.goTo("100000");
    const ask = f.exchange.book("035720")!.asks[0]!;
    const original = placed(f.exchange.placeOrder("A", limit("buy", "035720", ask.quantity + 10, ask.priceKrw)));
    expect(original).toMatchObject({ filledQuantity: ask.quantity, status: "open" });
    const deep = f.exchange.book("035720")!.bids[9]!.priceKrw;
    const modified = placed(f.exchange.modifyOrder("A", original.orderNo, { all: true, priceKrw: deep }));
    expect(modified).toMatchObject({
      originalOrderNo: original.orderNo,
      revision: "modify",
      quantity: 10,
      priceKrw: deep,
      status: "open",
      filledQuantity: 0,
    });
    expect(modified.orderNo > original.orderNo).toBe(true);
    const orders = f.exchange.orders("A", DAY, DAY);
    expect(orders.find((o) => o.orderNo === original.orderNo)).toMatchObject({
      filledQuantity: ask.quantity,
      cancelledQuantity: 10,
      status: "cancelled",
    });
    expect(f.exchange.openOrders("A").map((o) => o.orderNo)).toEqual([modified.orderNo]);
    expect(f.events.find((e) => e.kind === "order" && e.action === "modified")).toMatchObject({ order: { orderNo: modified.orderNo } });
  });

  it("modifies part of the remainder and leaves the rest on the original", () => {
    const f = makeFixture();
    f.goTo("100000");
    const original = restingBuy(f, 10);
    placed(f.exchange.modifyOrder("A", original.orderNo, { all: false, quantity: 4, type: "market" }));
    const rest = f.exchange.openOrders("A").find((o) => o.orderNo === original.orderNo);
    expect(rest).toMatchObject({ quantity: 10, cancelledQuantity: 4, status: "open" });
    expect(f.exchange.fills("A", DAY, DAY).reduce((sum, x) => sum + x.quantity, 0)).toBe(4);
  });

  it("rejects a modification of more than the remainder, of a filled order, or of another account's order", () => {
    const f = makeFixture();
    f.goTo("100000");
    const original = restingBuy(f, 10);
    expect(f.exchange.modifyOrder("A", original.orderNo, { all: false, quantity: 11 })).toMatchObject({
      ok: false,
      reason: "INVALID_QUANTITY",
    });
    expect(f.exchange.modifyOrder("B", original.orderNo, { all: true })).toMatchObject({ ok: false, reason: "ORDER_NOT_FOUND" });
    expect(f.exchange.modifyOrder("A", original.orderNo, { all: true, priceKrw: 70_050 })).toMatchObject({
      ok: false,
      reason: "OFF_TICK_GRID",
    });
    const filled = placed(f.exchange.placeOrder("A", market("buy", "035720", 1)));
    expect(f.exchange.modifyOrder("A", filled.orderNo, { all: true })).toMatchObject({ ok: false, reason: "NOTHING_TO_CANCEL" });
    expect(f.exchange.openOrders("A")).toEqual([expect.objectContaining({ orderNo: original.orderNo, cancelledQuantity: 0 })]);
  });
});

describe("cancelOrder", () => {
  it("cancels part of the remainder under a new order number, then the rest", () => {
    const f = makeFixture();
    f.goTo("100000");
    const original = restingBuy(f, 10);
    const before = f.exchange.account("A").orderableCashKrw;
    const partial = placed(f.exchange.cancelOrder("A", original.orderNo, { all: false, quantity: 3 }));
    expect(partial).toMatchObject({
      originalOrderNo: original.orderNo,
      revision: "cancel",
      quantity: 3,
      cancelledQuantity: 3,
      status: "cancelled",
    });
    expect(f.exchange.openOrders("A")[0]).toMatchObject({ orderNo: original.orderNo, cancelledQuantity: 3 });
    expect(f.exchange.account("A").orderableCashKrw).toBeGreaterThan(before);
    placed(f.exchange.cancelOrder("A", original.orderNo, { all: true }));
    expect(f.exchange.openOrders("A")).toEqual([]);
    expect(f.exchange.account("A").orderableCashKrw).toBe(f.exchange.account("A").cashKrw);
    expect(f.exchange.cancelOrder("A", original.orderNo, { all: true })).toMatchObject({ ok: false, reason: "NOTHING_TO_CANCEL" });
    expect(f.exchange.cancelOrder("A", "0000009999", { all: true })).toMatchObject({ ok: false, reason: "ORDER_NOT_FOUND" });
  });
});

describe("fees, tax and P&L", () => {
  it("charges commission on both sides and the sell tax, and books realised P&L", () => {
    const f = makeFixture();
    f.goTo("100000");
    const bought = placed(f.exchange.placeOrder("A", market("buy", "035720", 100)));
    const buyAmount = bought.filledAmountKrw;
    f.goTo("110000");
    const sold = placed(f.exchange.placeOrder("A", market("sell", "035720", 40)));
    const sellAmount = sold.filledAmountKrw;
    const fills = f.exchange.fills("A", DAY, DAY);
    const fees = fills.reduce((sum, x) => sum + x.feeKrw, 0);
    const taxes = fills.reduce((sum, x) => sum + x.taxKrw, 0);
    for (const fill of fills) {
      expect(fill.feeKrw).toBe(commissionKrw(fill.quantity * fill.priceKrw, { commissionRate: 0.00015, sellTaxRate: 0.002 }));
      expect(fill.taxKrw).toBe(fill.side === "sell" ? Math.floor(fill.quantity * fill.priceKrw * 0.002) : 0);
    }
    expect(taxes).toBeGreaterThan(0);
    const view = f.exchange.account("A");
    expect(view.cashKrw).toBe(100_000_000 - buyAmount + sellAmount - fees - taxes);
    const cost = Math.round((buyAmount * 40) / 100);
    expect(view.holdings[0]).toMatchObject({ quantity: 60, purchaseAmountKrw: buyAmount - cost, boughtToday: 100, soldToday: 40 });
    const sellCharges = fills.filter((x) => x.side === "sell").reduce((sum, x) => sum + x.feeKrw + x.taxKrw, 0);
    expect(f.exchange.dailyPnl("A", DAY, DAY)).toEqual([
      {
        date: DAY,
        buyAmountKrw: buyAmount,
        sellAmountKrw: sellAmount,
        realizedPnlKrw: sellAmount - cost - sellCharges,
        feeKrw: fees,
        taxKrw: taxes,
      },
    ]);
  });

  it("floors commission and tax to whole KRW", () => {
    const rates = { commissionRate: 0.00015, sellTaxRate: 0.002 };
    expect(commissionKrw(1_000_000, rates)).toBe(150);
    expect(commissionKrw(70_500, rates)).toBe(10);
    expect(sellTaxKrw(70_500, rates)).toBe(141);
    expect(sellTaxKrw(499, rates)).toBe(0);
  });

  it("limits sells to held shares not already offered", () => {
    const f = makeFixture();
    f.goTo("100000");
    placed(f.exchange.placeOrder("A", market("buy", "035720", 10)));
    const upper = f.exchange.symbol("035720")!.upperLimitKrw;
    placed(f.exchange.placeOrder("A", limit("sell", "035720", 7, upper)));
    expect(f.exchange.account("A").holdings[0]).toMatchObject({ quantity: 10, sellableQuantity: 3 });
    expect(f.exchange.placeOrder("A", limit("sell", "035720", 4, upper))).toMatchObject({ ok: false, reason: "INSUFFICIENT_HOLDINGS" });
  });
});

describe("day rollover", () => {
  it("expires the day's open orders at the close and restores orderable cash", () => {
    const f = makeFixture();
    f.goTo("100000");
    placed(f.exchange.placeOrder("A", market("buy", "035720", 5)));
    const order = restingBuy(f, 10);
    f.goTo("153100");
    expect(f.exchange.openOrders("A")).toEqual([]);
    expect(f.exchange.orders("A", DAY, DAY).find((o) => o.orderNo === order.orderNo)).toMatchObject({
      status: "cancelled",
      cancelledQuantity: 10,
    });
    expect(f.events.find((e) => e.kind === "order" && e.action === "cancelled" && e.order.orderNo === order.orderNo)).toMatchObject({
      cause: "expired",
    });
    const view = f.exchange.account("A");
    expect(view.orderableCashKrw).toBe(view.cashKrw);
    expect(view.holdings[0]).toMatchObject({ quantity: 5, boughtToday: 0 });
    f.goTo("100000", NEXT_DAY);
    expect(f.exchange.placeOrder("A", market("sell", "035720", 5))).toMatchObject({ ok: true, order: { status: "filled" } });
  });
});
