import { describe, expect, it } from "vitest";
import type { NewOrder, SimExchange } from "../../../sim/exchange.js";
import type { SimCore } from "../../../sim/market/create-exchange.js";
import type { MatchingSnapshot } from "../../../sim/matching/matching-snapshot.js";
import { DAY, makeFixture, NEXT_DAY } from "../market/sim-fixture.js";

const limit = (side: "buy" | "sell", code: string, quantity: number, priceKrw: number): NewOrder => ({
  code,
  side,
  type: "limit",
  quantity,
  priceKrw,
  appKey: "app",
});
const placed = (result: ReturnType<SimExchange["placeOrder"]>) => {
  if (!result.ok) throw new Error(`order refused: ${result.message}`);
  return result.order;
};

/** Everything a client can read about account A, over the two test days. */
function accountOf(exchange: SimExchange) {
  return {
    account: exchange.account("A"),
    open: exchange.openOrders("A"),
    orders: exchange.orders("A", DAY, NEXT_DAY),
    fills: exchange.fills("A", DAY, NEXT_DAY),
    pnl: exchange.dailyPnl("A", DAY, NEXT_DAY),
  };
}

/** A day of trading on DAY until 10:30: a filled buy, a filled partial sell, and a resting buy far below. */
function tradedDay() {
  const f = makeFixture();
  f.goTo("100000");
  const upper = f.exchange.symbol("035720")!.upperLimitKrw;
  placed(f.exchange.placeOrder("A", limit("buy", "035720", 20, upper)));
  const lower = f.exchange.symbol("035720")!.lowerLimitKrw;
  placed(f.exchange.placeOrder("A", limit("sell", "035720", 5, lower)));
  const resting = placed(f.exchange.placeOrder("A", limit("buy", "005930", 3, f.exchange.symbol("005930")!.lowerLimitKrw)));
  f.goTo("103000");
  return { f, resting, core: f.exchange as SimCore };
}

/** The snapshot as it comes back from a JSON file. */
const throughJson = (s: MatchingSnapshot): MatchingSnapshot => JSON.parse(JSON.stringify(s)) as MatchingSnapshot;

describe("restoring accounts from a snapshot", () => {
  it("round-trips cash, holdings, orders, fills, daily P&L and reservations on the same day", () => {
    const { core, resting } = tradedDay();
    const before = accountOf(core);
    expect(before.account.holdings[0]).toMatchObject({ code: "035720", quantity: 15, boughtToday: 20, soldToday: 5 });
    expect(before.account.orderableCashKrw).toBeLessThan(before.account.cashKrw);

    const restored = makeFixture({ accounts: throughJson(core.snapshotAccounts()) }, "103500");

    expect(accountOf(restored.exchange)).toEqual(before);
    expect(restored.exchange.openOrders("A").map((o) => o.orderNo)).toEqual([resting.orderNo]);
  });

  it("continues the order numbers and can cancel a restored resting order", () => {
    const { core, resting } = tradedDay();
    const restored = makeFixture({ accounts: throughJson(core.snapshotAccounts()) }, "103500");
    restored.goTo("103500");

    const cancel = placed(restored.exchange.cancelOrder("A", resting.orderNo, { all: true }));

    expect(Number(cancel.orderNo)).toBe(Number(resting.orderNo) + 1);
    expect(restored.exchange.openOrders("A")).toEqual([]);
    const account = restored.exchange.account("A");
    expect(account.orderableCashKrw).toBe(account.cashKrw);
  });

  it("expires an earlier day's open orders as cancelled and resets the day counters on the next trading day", () => {
    const { core, resting } = tradedDay();
    const before = accountOf(core);

    const restored = makeFixture({ accounts: throughJson(core.snapshotAccounts()) }, "083000", NEXT_DAY);
    const after = accountOf(restored.exchange);

    expect(after.open).toEqual([]);
    expect(after.orders.find((o) => o.orderNo === resting.orderNo)).toMatchObject({
      status: "cancelled",
      cancelledQuantity: 3,
      filledQuantity: 0,
    });
    expect(after.account.cashKrw).toBe(before.account.cashKrw);
    expect(after.account.orderableCashKrw).toBe(before.account.cashKrw);
    expect(after.account.holdings).toEqual([{ ...before.account.holdings[0]!, boughtToday: 0, soldToday: 0 }]);
    expect(after.fills).toEqual(before.fills);
    expect(after.pnl).toEqual(before.pnl);
  });

  it("refuses a clock behind the time the snapshot was taken", () => {
    const { core } = tradedDay();
    expect(() => makeFixture({ accounts: core.snapshotAccounts() }, "100000")).toThrow(expect.objectContaining({ code: "CONFIG_INVALID" }));
  });

  it("starts empty without a snapshot and after a reset", () => {
    const { core } = tradedDay();
    core.reset();
    expect(core.snapshotAccounts()).toMatchObject({ lastOrderNo: 0, accounts: [], reservePerShareKrw: {} });
  });
});
