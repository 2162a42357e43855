import { afterEach, describe, expect, it } from "vitest";
import { answerApproval, runTrading } from "../../runtime/trading.js";
import { marketBuy } from "../fakes/trading-harness.js";
import { startScenario, type Scenario } from "./scenario-harness.js";

let s: Scenario | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

/** 130 × ~70,300 KRW ≈ 9.1 M KRW: each alone within 10 % of the 100 M account, any two together over it. */
const BUY = marketBuy("005930", 130);
const LIMIT_KRW = 0.1 * 100_000_000;

describe("scenario: pending approvals of the same symbol, all approved", () => {
  it.each([2, 3])(
    "%i runs planned from the same cash never take the account over the 10 percent position limit",
    async (runs) => {
      s = await startScenario(Array.from({ length: runs }, () => [BUY]));
      const rt = await s.open();
      const waiting = [];
      for (let i = 0; i < runs; i++) waiting.push(await runTrading(rt));
      expect(waiting.map((w) => w.status)).toEqual(Array(runs).fill("interrupted"));
      expect(waiting.every((w) => w.approvalRequest?.orders[0]?.quantity === 130)).toBe(true);

      const answered = [];
      for (const w of waiting) answered.push(await answerApproval(rt, w.runId, { approve: true }));

      expect(answered[0]?.orders).toEqual([expect.objectContaining({ symbol: "005930", quantity: 130 })]);
      for (const later of answered.slice(1)) {
        const recheck = later.riskEvents.filter((e) => e.code.startsWith("SEND_RECHECK"));
        expect(recheck).toHaveLength(1);
        expect(recheck[0]?.reason).toMatch(/MAX_POSITION_WEIGHT|DUPLICATE_PENDING_ORDER/);
      }
      // The simulator's own fills: never more than the limit bought, whatever each run planned.
      expect(s.boughtKrw("005930")).toBeGreaterThan(130 * 60_000);
      expect(s.boughtKrw("005930")).toBeLessThanOrEqual(LIMIT_KRW);
      const held = s.account().holdings.find((x) => x.code === "005930");
      expect((held?.quantity ?? 0) * 70_300).toBeLessThanOrEqual(LIMIT_KRW * 1.01);
      const alerts = rt.repos.alerts.listRecent().filter((a) => a.code.startsWith("SEND_RECHECK"));
      expect(alerts).toHaveLength(runs - 1);
    },
    120_000,
  );
});
