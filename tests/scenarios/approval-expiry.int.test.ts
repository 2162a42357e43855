import { afterEach, describe, expect, it } from "vitest";
import { fromKst } from "../../core/clock.js";
import { answerApproval, runTrading } from "../../runtime/trading.js";
import { marketBuy } from "../fakes/trading-harness.js";
import { ACCOUNT, moveSimClock, startScenario, type Scenario } from "./scenario-harness.js";

let s: Scenario | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

describe("scenario: an approval that comes too late", () => {
  it.each([
    ["after the TTL", { advanceMs: 601_000 }, /over the 600 s approval TTL/],
    ["on the next day", { toMs: fromKst("20261124", "100000") }, /later KRX session/],
  ] as const)(
    "%s ends the run as expired and sends nothing",
    async (_label, move, why) => {
      s = await startScenario([[marketBuy("005930", 5)]], { stepped: true });
      const first = await s.open();
      const waiting = await runTrading(first);
      expect(waiting.status).toBe("interrupted");
      await first.close();
      await moveSimClock(s.h, move);

      // `runs approve` is a new process: its clock follows the simulator's.
      const later = await s.open();
      const done = await answerApproval(later, waiting.runId, { approve: true });

      expect(done.status).toBe("expired");
      expect(done.orders).toEqual([]);
      expect(done.approval).toMatchObject({ decision: "expired", note: expect.stringMatching(why) });
      expect(later.repos.runs.get(waiting.runId)).toMatchObject({ status: "expired", orders: 0 });
      expect(later.repos.intents.listByRun(waiting.runId)).toEqual([]);
      expect(s.h.sim.exchange.orders(ACCOUNT, "20260101", "20271231")).toEqual([]);
      expect(s.account().holdings).toEqual([]);
    },
    120_000,
  );

  it("within the TTL the same approval sends the order", async () => {
    s = await startScenario([[marketBuy("005930", 5)]], { stepped: true });
    const first = await s.open();
    const waiting = await runTrading(first);
    await first.close();
    await moveSimClock(s.h, { advanceMs: 300_000 });
    const later = await s.open();
    const done = await answerApproval(later, waiting.runId, { approve: true });
    expect(done.status).toBe("succeeded");
    expect(s.h.sim.exchange.orders(ACCOUNT, "20261123", "20261123").map((o) => o.quantity)).toEqual([5]);
  }, 120_000);
});
