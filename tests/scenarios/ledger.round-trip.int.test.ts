import { afterEach, describe, expect, it } from "vitest";
import { kstParts } from "../../core/clock.js";
import { buildLedger, intentFills } from "../../ledger/round-trips.js";
import { createRiskLedger } from "../../runtime/risk-ledger.js";
import { runTrading } from "../../runtime/trading.js";
import { marketBuy } from "../fakes/trading-harness.js";
import { ACCOUNT, startScenario, type Scenario } from "./scenario-harness.js";

let s: Scenario | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

const marketSell = (symbol: string, quantity: number) => ({ ...marketBuy(symbol, quantity), side: "sell", reason: "테스트 매도" });

describe("scenario: one P&L for a round trip through the simulator", () => {
  it("the ledger's realised P&L equals the simulator's own fills less every commission and tax, and risk reads the same figure", async () => {
    s = await startScenario([[marketBuy("005930", 20)], [marketSell("005930", 20)], []]);
    const rt = await s.open({ APPROVAL_MODE: "threshold" });
    expect((await runTrading(rt)).status).toBe("succeeded");
    expect((await runTrading(rt)).status).toBe("succeeded");
    // The next run's diagnose settles the sell's fill from KIS.
    expect((await runTrading(rt)).status).toBe("succeeded");

    const fills = s.h.sim.exchange.fills(ACCOUNT, "20261123", "20261123");
    expect(fills.map((f) => f.side)).toContain("sell");
    const signed = fills.reduce((sum, f) => sum + (f.side === "sell" ? 1 : -1) * f.quantity * f.priceKrw - f.feeKrw - f.taxKrw, 0);

    const { trips, open } = buildLedger(rt.repos.trades.listBetween(0, Number.MAX_SAFE_INTEGER), {
      byIntentKey: intentFills(rt.repos.intents),
    });
    expect(trips.reduce((n, t) => n + t.quantity, 0)).toBe(20);
    expect(open.get("005930")).toEqual([]);
    // Per-fill flooring by the exchange vs per-order flooring by the ledger may differ by a won per fill.
    const ledgerPnl = trips.reduce((sum, t) => sum + t.pnlKrw, 0);
    expect(Math.abs(ledgerPnl - signed)).toBeLessThanOrEqual(fills.length);
    expect(createRiskLedger(rt.repos).realizedPnlTodayKrw(rt.clock.now())).toBe(ledgerPnl);
    expect(kstParts(trips[0]?.exitAtMs ?? 0).date).toBe("20261123");
  }, 120_000);
});
