/**
 * The day's portfolio as KIS reports it at the close: cash, securities and total value from the
 * balance, realised P&L, fees and tax from the period-profit inquiry (0 where KIS offers none, as on
 * paper). finalize stores it in daily_portfolio; its total is the next day's opening equity.
 */
import type { Balance, PeriodProfit } from "../core/types.js";
import type { DailyPortfolio } from "../db/daily-portfolio-repo.js";

export function toDailyPortfolio(date: string, balance: Balance, profit: PeriodProfit | undefined): DailyPortfolio {
  const s = balance.summary;
  return {
    date,
    cashKrw: s.cashD2Krw,
    securitiesValueKrw: s.securitiesValueKrw,
    totalValueKrw: s.totalValueKrw,
    realizedPnlKrw: profit?.totalRealizedPnlKrw ?? 0,
    unrealizedPnlKrw: s.unrealizedPnlKrw,
    feeKrw: profit?.totalFeeKrw ?? 0,
    taxKrw: profit?.totalTaxKrw ?? 0,
    holdings: balance.holdings.map((h) => ({
      symbol: h.symbol,
      quantity: h.quantity,
      averagePriceKrw: h.averagePriceKrw,
      currentPriceKrw: h.currentPriceKrw,
      unrealizedPnlKrw: h.unrealizedPnlKrw,
    })),
  };
}
