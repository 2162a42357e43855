import { afterEach, describe, expect, it } from "vitest";
import { answerApproval, runTrading } from "../../runtime/trading.js";
import { TEST_APP_KEY, marketBuy } from "../fakes/trading-harness.js";
import { ACCOUNT, startScenario, type Scenario } from "./scenario-harness.js";

let s: Scenario | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

describe("scenario: the world moves between the plan and the send", () => {
  it("cash spent by another run after the plan reduces the approved buy to what is left", async () => {
    s = await startScenario([[marketBuy("035420", 45)]]);
    const rt = await s.open();
    const waiting = await runTrading(rt);
    expect(waiting.approvalRequest?.orders[0]?.quantity).toBe(45);
    // Another run rests a big buy far below the market: KIS reserves its cash, nothing fills.
    const low = s.h.sim.exchange.symbol("000660")?.lowerLimitKrw ?? 0;
    const other = s.h.sim.exchange.placeOrder(ACCOUNT, {
      code: "000660",
      side: "buy",
      type: "limit",
      priceKrw: low,
      quantity: Math.floor(92_000_000 / low),
      appKey: TEST_APP_KEY,
    });
    expect(other.ok).toBe(true);
    const orderableBefore = s.account().orderableCashKrw;

    const done = await answerApproval(rt, waiting.runId, { approve: true });

    const sent = done.orders[0]?.quantity ?? 0;
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThan(45);
    expect(done.riskEvents).toEqual([
      expect.objectContaining({ code: "SEND_RECHECK_REDUCED", reason: expect.stringMatching(/INSUFFICIENT_CASH/) }),
    ]);
    // The simulator took exactly the reduced order, within the cash that was left.
    const ours = s.h.sim.exchange.orders(ACCOUNT, "20261123", "20261123").filter((o) => o.code === "035420");
    expect(ours.map((o) => o.quantity)).toEqual([sent]);
    expect(s.boughtKrw("035420")).toBeLessThanOrEqual(orderableBefore);
    expect(s.account().cashKrw).toBeGreaterThanOrEqual(0);
    expect(rt.repos.alerts.listRecent().map((a) => a.code)).toContain("SEND_RECHECK_REDUCED");
    expect(rt.repos.riskEvents.listByRun(waiting.runId).map((e) => e.code)).toContain("SEND_RECHECK_REDUCED");
  }, 120_000);

  it("a halt after the approval request drops every approved order at the send", async () => {
    s = await startScenario([[marketBuy("005930", 10)]]);
    const rt = await s.open();
    const waiting = await runTrading(rt);
    rt.repos.tradingState.set("HALTED", "operator halt while waiting", rt.clock.now());

    const done = await answerApproval(rt, waiting.runId, { approve: true });

    expect(done.orders).toEqual([]);
    expect(done.riskEvents).toEqual([
      expect.objectContaining({ code: "SEND_RECHECK_DROPPED", reason: expect.stringMatching(/TRADING_HALTED/) }),
    ]);
    expect(s.h.sim.exchange.orders(ACCOUNT, "20261123", "20261123")).toEqual([]);
    expect(s.account().holdings).toEqual([]);
  }, 120_000);
});
