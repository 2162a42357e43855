import { describe, expect, it } from "vitest";
import type { ShadowRecord } from "../../db/prompt-shadows-repo.js";
import { describeDecision, summarizeShadow } from "../../ledger/shadow-summary.js";

const buy = (symbol: string, quantity = 10, limitPriceKrw: number | null = 71_000) => ({
  side: "buy" as const,
  symbol,
  quantity,
  limitPriceKrw,
});
const sell = (symbol: string) => ({ side: "sell" as const, symbol, quantity: 5, limitPriceKrw: null });
const decision = (...actions: ReturnType<typeof buy | typeof sell>[]) => ({ actions, justification: "j" });

function run(runId: string, candidate: ShadowRecord["decision"], active: ShadowRecord["activeDecision"], at = 1): ShadowRecord {
  return {
    shadowId: 1,
    runId,
    version: 2,
    activeVersion: 1,
    decidedAtMs: at,
    decision: candidate,
    error: candidate ? null : "invalid JSON",
    activeDecision: active,
    activeError: active ? null : "plan outside its bounds",
  };
}

describe("shadow summary", () => {
  it("agreement is the same buys and sells by side and symbol; two empty plans agree; quantities may differ", () => {
    const s = summarizeShadow([
      run("a", decision(buy("005930", 3)), decision(buy("005930", 10)), 1),
      run("b", decision(), decision(), 2),
      run("c", decision(sell("000660")), decision(buy("005930")), 3),
      run("d", null, decision(buy("005930")), 4),
    ]);
    expect(s).toMatchObject({
      runs: 4,
      candidateDecided: 3,
      candidateErrors: 1,
      agreed: 2,
      agreementPct: 66.7,
      candidate: { buys: 1, sells: 1 },
      active: { buys: 3, sells: 0 },
    });
    expect(s.disagreements.map((d) => [d.runId, d.candidate])).toEqual([
      ["d", "no decision: invalid JSON"],
      ["c", "sell 000660×5 @market"],
    ]);
  });

  it("describes a decision for a person", () => {
    expect(describeDecision(decision(buy("005930", 10, 71_000), sell("000660")), null)).toBe(
      "buy 005930×10 @71,000; sell 000660×5 @market",
    );
    expect(describeDecision(decision(), null)).toBe("no trade");
    expect(describeDecision(null, "timeout")).toBe("no decision: timeout");
  });

  it("no runs: nothing to agree on", () => {
    expect(summarizeShadow([])).toMatchObject({ runs: 0, agreementPct: null, disagreements: [] });
  });
});
