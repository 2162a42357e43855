import { describe, expect, it } from "vitest";
import { createLeaseRepo } from "../../db/lease-repo.js";
import { createTradingStateRepo } from "../../db/trading-state-repo.js";
import { createOrderRouter, intentKey, REFUSED } from "../../execution/order-router.js";
import { sendGuard, type HeldLeases } from "../../runtime/account-lease.js";
import { createHarness, limitBuy, RUN } from "./harness.js";

const ACCOUNT = "5000000001";

function guarded() {
  const h = createHarness();
  const leases = createLeaseRepo(h.db);
  const tradingState = createTradingStateRepo(h.db);
  const held: HeldLeases = new Map();
  const router = createOrderRouter({ ...h, guard: sendGuard({ tradingState, leases, held }) });
  const hold = (nowMs = 0) => {
    const grant = leases.acquire(ACCOUNT, RUN.runId, 1_000, nowMs);
    if (!grant.granted) throw new Error("lease not granted");
    held.set(RUN.runId, { account: ACCOUNT, token: grant.token, holder: RUN.runId, release: () => leases.release(ACCOUNT, grant.token) });
  };
  return { h, leases, tradingState, router, hold };
}

describe("the order router's send guard", () => {
  it("sends an order of a run that holds a current lease while trading is ACTIVE", async () => {
    const { h, router, hold } = guarded();
    hold();

    const [result] = await router.submit(RUN, [limitBuy()]);

    expect(result).toMatchObject({ status: "ACKED", sent: true });
    expect(h.broker.orders).toHaveLength(1);
  });

  it.each([
    [
      "trading is HALTED",
      (g: ReturnType<typeof guarded>) => g.tradingState.set("HALTED", "operator", 1, "cli:test"),
      /trading is HALTED \(operator\)/,
    ],
    [
      "trading is REDUCE_ONLY and the order buys",
      (g: ReturnType<typeof guarded>) => g.tradingState.set("REDUCE_ONLY", "losses", 1),
      /REDUCE_ONLY/,
    ],
    [
      "the run's lease was taken over after it lapsed",
      (g: ReturnType<typeof guarded>) => g.leases.acquire(ACCOUNT, "other-run", 1_000, 5_000),
      /lease token 1 .* no longer current/,
    ],
  ])("refuses, marks REJECTED and never calls the broker when %s", async (_when, change, reason) => {
    const g = guarded();
    g.hold();
    change(g);

    const [result] = await g.router.submit(RUN, [limitBuy()]);

    expect(result).toMatchObject({ status: "REJECTED", sent: false, error: expect.stringMatching(reason) });
    expect(result?.error?.startsWith(`${REFUSED}: `)).toBe(true);
    expect(g.h.broker.orders).toHaveLength(0);
    expect(g.h.trades.listByRun(RUN.runId)).toEqual([expect.objectContaining({ executionStatus: "REJECTED" })]);
  });

  it("refuses an order of a run that holds no lease", async () => {
    const { h, router } = guarded();

    const [result] = await router.submit(RUN, [limitBuy()]);

    expect(result?.error).toMatch(/holds no lease/);
    expect(h.broker.orders).toHaveLength(0);
  });

  it("a refused intent stays refused when the run is resumed after the halt is lifted", async () => {
    const g = guarded();
    g.hold();
    g.tradingState.set("HALTED", "operator", 1);
    await g.router.submit(RUN, [limitBuy()]);
    g.tradingState.set("ACTIVE", "resumed", 2);

    const [again] = await g.router.submit(RUN, [limitBuy()]);

    expect(again).toMatchObject({ status: "REJECTED", sent: false });
    expect(g.h.broker.orders).toHaveLength(0);
  });

  it("a second router meeting the intent in flight does not send it again", async () => {
    const { h } = guarded();
    const second = createOrderRouter({ ...h });
    const key = intentKey(RUN.runId, limitBuy().order);
    h.intents.insert(
      { intentKey: key, runId: RUN.runId, symbol: "005930", side: "buy", quantity: 10, type: "limit", limitPriceKrw: 70_000 },
      0,
    );

    const results = await Promise.all([createOrderRouter({ ...h }).submit(RUN, [limitBuy()]), second.submit(RUN, [limitBuy()])]);

    expect(results.flat().filter((r) => r.sent)).toHaveLength(1);
    expect(h.broker.orders).toHaveLength(1);
  });
});
