import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock, fromKst } from "../../core/clock.js";
import { AppError } from "../../core/errors.js";
import { silentLogger } from "../../core/logger.js";
import type { Balance, PeriodProfit } from "../../core/types.js";
import { createDailyPortfolioWriter } from "../../db/daily-portfolio-repo.js";
import { finalizeDay } from "../../jobs/finalize.js";
import { createRepos, type Repos } from "../../runtime/repos.js";
import { openTempDb, type TempDb } from "../db/temp-db.js";

const balance: Balance = {
  holdings: [
    {
      symbol: "005930",
      name: "삼성전자",
      quantity: 10,
      sellableQuantity: 10,
      averagePriceKrw: 70_000,
      purchaseAmountKrw: 700_000,
      currentPriceKrw: 72_000,
      evaluationAmountKrw: 720_000,
      unrealizedPnlKrw: 20_000,
      unrealizedPnlRate: 2.86,
    },
  ],
  summary: {
    cashKrw: 9_000_000,
    cashD2Krw: 9_280_000,
    securitiesValueKrw: 720_000,
    totalValueKrw: 10_000_000,
    purchaseAmountKrw: 700_000,
    unrealizedPnlKrw: 20_000,
  },
};
const profit: PeriodProfit = { days: [], totalRealizedPnlKrw: 15_000, totalFeeKrw: 300, totalTaxKrw: 1_200 };

let t: TempDb;
let repos: Repos;
beforeEach(() => {
  t = openTempDb();
  repos = createRepos(t.db);
});
afterEach(() => t.dispose());

function deps(getPeriodProfit: () => Promise<PeriodProfit>) {
  const cancelWindows: number[] = [];
  const clock = new ManualClock(fromKst("20261123", "154000"));
  return {
    cancelWindows,
    deps: {
      broker: { getBalance: async () => balance, getPeriodProfit },
      cancelStale: async (windowMs: number) => {
        cancelWindows.push(windowMs);
        return ["intent-a"];
      },
      portfolio: createDailyPortfolioWriter(t.db),
      runs: repos.runs,
      trades: repos.trades,
      alerts: repos.alerts,
      clock,
      log: silentLogger,
    },
  };
}

describe("finalizeDay", () => {
  it("cancels every leftover order, snapshots daily_portfolio and stores the daily report", async () => {
    repos.runs.start({ runId: "trading-open-20261123-0900", graph: "trading", trigger: "schedule" }, fromKst("20261123", "090000"));
    repos.runs.finish("trading-open-20261123-0900", { status: "succeeded" }, fromKst("20261123", "090100"));
    const f = deps(async () => profit);
    const result = await finalizeDay(f.deps);
    expect(f.cancelWindows).toEqual([0]);
    expect(result.cancelledIntents).toEqual(["intent-a"]);
    const row = t.db.prepare("SELECT * FROM daily_portfolio WHERE date = ?").get("20261123");
    expect(row).toMatchObject({
      cash_krw: 9_280_000,
      securities_value_krw: 720_000,
      total_value_krw: 10_000_000,
      realized_pnl_krw: 15_000,
      fee_krw: 300,
      tax_krw: 1_200,
    });
    expect(result.report).toContain("runs: 1 (1 succeeded)");
    expect(result.report).toContain("leftover orders cancelled: 1");
    expect(repos.alerts.listRecent()).toEqual([expect.objectContaining({ severity: "info", code: "DAILY_REPORT", source: "finalize" })]);
  });

  it("rewrites the same day's row when run again and reports the change from the previous day", async () => {
    createDailyPortfolioWriter(t.db).write(
      {
        date: "20261120",
        cashKrw: 1,
        securitiesValueKrw: 0,
        totalValueKrw: 9_900_000,
        realizedPnlKrw: 0,
        unrealizedPnlKrw: 0,
        feeKrw: 0,
        taxKrw: 0,
        holdings: [],
      },
      1,
    );
    await finalizeDay(deps(async () => profit).deps);
    const again = await finalizeDay(deps(async () => profit).deps);
    expect(t.db.prepare("SELECT COUNT(*) AS n FROM daily_portfolio WHERE date = '20261123'").get()).toEqual({ n: 1 });
    expect(again.report).toContain("+100,000 KRW vs 20261120");
  });

  it("reports the ledger's realised P&L of the round trips closed today, net of fees and tax", async () => {
    const common = {
      runId: "r",
      ticker: "005930",
      quantity: 10,
      justificationText: "",
      marketSnapshot: {},
      portfolioBefore: {},
      executionStatus: "FILLED" as const,
    };
    repos.trades.insert({ ...common, action: "buy", priceKrw: 70_000, timestampMs: fromKst("20261120", "100000") }, 1);
    repos.trades.insert({ ...common, action: "sell", priceKrw: 71_000, timestampMs: fromKst("20261123", "100000") }, 2);
    const result = await finalizeDay(deps(async () => profit).deps);
    // 10,000 gross − buy commission 105 − sell commission 106 − sell tax 1,420.
    expect(result.report).toContain("P&L (ledger, FIFO net of fees and tax): realized 8,369 KRW over 1 round trip(s)");
  });

  it("keeps the snapshot when period profit is unavailable (paper)", async () => {
    const result = await finalizeDay(
      deps(async () => {
        throw new AppError("BROKER_UNSUPPORTED", "no period profit in paper");
      }).deps,
    );
    expect(result.portfolio).toMatchObject({ totalValueKrw: 10_000_000, realizedPnlKrw: 0 });
  });
});
