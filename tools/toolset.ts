/**
 * The read tools bound to the model. Every one only reads: no tool places, modifies or cancels
 * an order (DESIGN §6) — orders go through execution/ alone.
 */
import type { StructuredToolInterface } from "@langchain/core/tools";
import type { Broker, MarketData } from "../broker/ports.js";
import { createGetBalanceTool } from "./get-balance.js";
import { createGetBuyingPowerTool } from "./get-buying-power.js";
import { createGetChangeRankingTool } from "./get-change-ranking.js";
import { createGetDailyBarsTool } from "./get-daily-bars.js";
import { createGetDailyOrdersTool } from "./get-daily-orders.js";
import { createGetInvestorFlowsTool } from "./get-investor-flows.js";
import { createGetMarketIndexTool } from "./get-market-index.js";
import { createGetMinuteBarsTool } from "./get-minute-bars.js";
import { createGetOpenOrdersTool } from "./get-open-orders.js";
import { createGetPeriodProfitTool } from "./get-period-profit.js";
import { createGetProgramTradesTool } from "./get-program-trades.js";
import { createGetQuoteTool } from "./get-quote.js";
import { createGetRecentTicksTool } from "./get-recent-ticks.js";
import { createGetSellableQuantityTool } from "./get-sellable-quantity.js";
import { createGetTradingCalendarTool } from "./get-trading-calendar.js";
import { createGetVolumeRankingTool } from "./get-volume-ranking.js";

export interface ReadToolDeps {
  market: MarketData;
  broker: Broker;
}

export function createReadTools(deps: ReadToolDeps): StructuredToolInterface[] {
  return [
    createGetQuoteTool(deps),
    createGetRecentTicksTool(deps),
    createGetDailyBarsTool(deps),
    createGetMinuteBarsTool(deps),
    createGetVolumeRankingTool(deps),
    createGetChangeRankingTool(deps),
    createGetMarketIndexTool(deps),
    createGetInvestorFlowsTool(deps),
    createGetProgramTradesTool(deps),
    createGetBalanceTool(deps),
    createGetBuyingPowerTool(deps),
    createGetSellableQuantityTool(deps),
    createGetOpenOrdersTool(deps),
    createGetDailyOrdersTool(deps),
    createGetPeriodProfitTool(deps),
    createGetTradingCalendarTool(deps),
  ];
}

/**
 * The tools a trading run's investigation is bound to: what adds to the context analyze already
 * gathered — intraday bars, recent ticks, investor and program flows, a fresh quote. The account,
 * rankings, the index and the daily indicators are in the brief, and every bound schema is paid
 * for in input tokens on every turn of the loop (bench:llm-budget).
 */
export const INVESTIGATION_TOOLS = [
  "get_quote",
  "get_recent_ticks",
  "get_minute_bars",
  "get_investor_flows",
  "get_program_trades",
] as const;

export function createInvestigationTools(deps: ReadToolDeps): StructuredToolInterface[] {
  const wanted = new Set<string>(INVESTIGATION_TOOLS);
  return createReadTools(deps).filter((t) => wanted.has(t.name));
}
