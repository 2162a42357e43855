import { describe, expect, it } from "vitest";
import type { Balance, PeriodProfit } from "../../core/types.js";
import { toDailyPortfolio } from "../../ledger/daily-portfolio.js";

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
    cashKrw: 9_500_000,
    cashD2Krw: 9_300_000,
    securitiesValueKrw: 720_000,
    totalValueKrw: 10_020_000,
    purchaseAmountKrw: 700_000,
    unrealizedPnlKrw: 20_000,
  },
};

describe("toDailyPortfolio", () => {
  it("takes values and unrealised P&L from the balance and realised P&L, fees and tax from the period profit", () => {
    const profit: PeriodProfit = { days: [], totalRealizedPnlKrw: 35_000, totalFeeKrw: 210, totalTaxKrw: 1_500 };
    expect(toDailyPortfolio("20261123", balance, profit)).toEqual({
      date: "20261123",
      cashKrw: 9_300_000,
      securitiesValueKrw: 720_000,
      totalValueKrw: 10_020_000,
      realizedPnlKrw: 35_000,
      unrealizedPnlKrw: 20_000,
      feeKrw: 210,
      taxKrw: 1_500,
      holdings: [{ symbol: "005930", quantity: 10, averagePriceKrw: 70_000, currentPriceKrw: 72_000, unrealizedPnlKrw: 20_000 }],
    });
  });

  it("records realised P&L, fees and tax as 0 when KIS has no period profit (paper)", () => {
    expect(toDailyPortfolio("20261123", balance, undefined)).toMatchObject({
      realizedPnlKrw: 0,
      feeKrw: 0,
      taxKrw: 0,
      totalValueKrw: 10_020_000,
    });
  });
});
