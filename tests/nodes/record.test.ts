import { describe, expect, it } from "vitest";
import { ManualClock } from "../../core/clock.js";
import type { RunClose } from "../../db/run-recorder.js";
import { createRecord } from "../../nodes/record.js";
import type { RiskEvent } from "../../risk/risk-result.js";
import type { TradingStateValue } from "../../state/trading-state.js";

function record(state: Partial<TradingStateValue>): RunClose {
  const closed: RunClose[] = [];
  const node = createRecord({ recorder: { close: (run) => (closed.push(run), true) }, clock: new ManualClock(0) });
  node({
    runId: "r1",
    promptVersion: 1,
    tradingState: "ACTIVE",
    trigger: { kind: "manual", detail: "" },
    alerts: [],
    executions: [],
    ...state,
  } as TradingStateValue);
  return closed[0] as RunClose;
}

const denial = (code: RiskEvent["code"], symbol: string): RiskEvent => ({
  kind: "denial",
  code,
  reason: `${code} reason`,
  action: { side: "buy", symbol, quantity: 3, reason: "r" },
});

describe("record: the alerts a run stores (and so sends)", () => {
  it("names halts, unknown and rejected orders by code", () => {
    const run = record({
      alerts: [
        "diagnose: HALTED — holdings differ",
        "execute: buy 005930 UNKNOWN: timeout",
        "execute: sell 000660 REJECTED: no cash",
        "analyze: no market data for held 035420",
      ],
    });
    expect(run.alerts.map((a) => [a.code, a.severity, a.source])).toEqual([
      ["TRADING_HALTED", "critical", "diagnose"],
      ["ORDER_UNKNOWN", "critical", "execute"],
      ["ORDER_REJECTED", "warn", "execute"],
      ["TRADING_NOTICE", "warn", "analyze"],
    ]);
  });

  it("adds one alert per limit that refused an order, keyed so the same refusal in the next run is not sent again", () => {
    const adjustment: RiskEvent = {
      kind: "adjustment",
      code: "TICK_ROUNDED",
      reason: "rounded",
      action: { side: "buy", symbol: "005930", quantity: 1, reason: "r" },
    };
    const run = record({
      risk: { approved: [], denied: [], events: [denial("MAX_ORDERS_PER_DAY", "000660"), denial("TRADING_HALTED", "005930"), adjustment] },
    });
    expect(run.alerts).toEqual([
      expect.objectContaining({
        code: "RISK_LIMIT",
        source: "riskCheck",
        message: expect.stringMatching(/MAX_ORDERS_PER_DAY refused buy 000660 3/),
        details: expect.objectContaining({ runId: "r1", limit: "MAX_ORDERS_PER_DAY", dedupeKey: "risk|MAX_ORDERS_PER_DAY|buy|000660" }),
      }),
    ]);
    expect(run.riskEvents).toHaveLength(3);
  });
});
