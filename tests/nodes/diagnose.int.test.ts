import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock, fromKst } from "../../core/clock.js";
import type { Holding } from "../../core/types.js";
import { createRunContext, type RunContext } from "../../nodes/run-context.js";
import { createDiagnose } from "../../nodes/diagnose.js";
import { createStaticPromptStore } from "../../prompts/prompt-store.js";
import { createRepos, type Repos } from "../../runtime/repos.js";
import type { TradingStateValue } from "../../state/trading-state.js";
import { openTempDb, type TempDb } from "../db/temp-db.js";
import { FakeBroker } from "../fakes/fake-broker.js";

const holding = (symbol: string, quantity: number): Holding => ({
  symbol,
  name: symbol,
  quantity,
  sellableQuantity: quantity,
  averagePriceKrw: 10_000,
  purchaseAmountKrw: quantity * 10_000,
  currentPriceKrw: 10_000,
  evaluationAmountKrw: quantity * 10_000,
  unrealizedPnlKrw: 0,
  unrealizedPnlRate: 0,
});

let t: TempDb;
let repos: Repos;
let broker: FakeBroker;
const clock = new ManualClock(fromKst("20261123", "100000"));
const state = { runId: "r1", promptVersion: 0 } as TradingStateValue;

beforeEach(() => {
  t = openTempDb();
  repos = createRepos(t.db);
  broker = new FakeBroker(clock);
});
afterEach(() => t.dispose());

let context: RunContext;

function diagnose(runState = state, config?: { configurable: { thread_id: string } }) {
  context = createRunContext(repos.runContext, () => clock.now());
  return createDiagnose({
    broker,
    reconcile: async () => ({ matched: [], rejected: [], updated: [] }),
    cancelStale: async () => [],
    baseline: repos.baseline,
    tradingState: repos.tradingState,
    prompts: createStaticPromptStore(),
    clock,
    referenceSymbol: "005930",
    context,
  })(runState, config);
}

describe("diagnose", () => {
  it("adopts the broker's holdings on the first run and reads the account", async () => {
    broker.balance.holdings = [holding("005930", 10)];
    const update = await diagnose();
    expect(update.reconciliation).toEqual({ ok: true, settled: [], unexplained: [] });
    expect(update.accountRef).toMatchObject({ ref: "account", heldSymbols: ["005930"], openOrders: 0 });
    const stored = context.account({ runId: "r1", accountRef: update.accountRef ?? null });
    expect(stored?.holdings.map((h) => [h.symbol, h.quantity])).toEqual([["005930", 10]]);
    expect(update.promptVersion).toBe(1);
    expect(repos.baseline.expected().get("005930")).toBe(10);
  });

  it("names a run started without a run id (Studio) after its thread, and stores its account there", async () => {
    broker.balance.holdings = [holding("005930", 3)];
    const update = await diagnose({ ...state, runId: "" }, { configurable: { thread_id: "thread-7" } });
    expect(update.runId).toBe("thread-7");
    expect(context.account({ runId: "thread-7", accountRef: update.accountRef ?? null })?.holdings[0]?.quantity).toBe(3);
    expect(repos.runContext.get("", "account")).toBeUndefined();
  });

  it("halts trading, persistently, when holdings change in a way our fills cannot explain", async () => {
    broker.balance.holdings = [holding("005930", 10)];
    await diagnose();
    broker.balance.holdings = [holding("005930", 12), holding("000660", 1)];
    const update = await diagnose();
    expect(update.tradingState).toBe("HALTED");
    expect(update.reconciliation?.unexplained).toEqual([
      "000660: KIS holds 1, our records explain 0",
      "005930: KIS holds 12, our records explain 10",
    ]);
    expect(update.alerts).toEqual([expect.stringMatching(/HALTED/)]);
    expect(repos.tradingState.get().state).toBe("HALTED");
  });

  it("accepts a change that our own filled orders explain", async () => {
    broker.balance.holdings = [holding("005930", 10)];
    await diagnose();
    const intent = repos.intents.insert(
      { intentKey: "k1", runId: "r1", symbol: "005930", side: "buy", quantity: 5, type: "market" },
      clock.now(),
    );
    repos.intents.transition(intent.intentKey, "FILLED", { orderNo: "0000000001", orgNo: "91252" }, clock.now());
    t.db.prepare("UPDATE order_intents SET filled_quantity = 5 WHERE intent_key = 'k1'").run();
    broker.balance.holdings = [holding("005930", 15)];
    const update = await diagnose();
    expect(update.reconciliation?.ok).toBe(true);
    expect(update.tradingState).toBe("ACTIVE");
  });
});
