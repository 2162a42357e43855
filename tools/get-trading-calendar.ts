/** Read-only tool: which days the KRX is open. */
import { tool } from "@langchain/core/tools";
import { z } from "zod";
import type { MarketData } from "../broker/ports.js";
import { dateArg } from "./args.js";
import { answer, table } from "./tool-result.js";

const GetTradingCalendarArgs = z.object({ from: dateArg("First day to list") });

export function createGetTradingCalendarTool({ market }: { market: MarketData }) {
  return tool(
    ({ from }) => answer(async () => ({ days: table(await market.getTradingCalendar(from), ["date", "isOpen", "isBusinessDay"]) })),
    {
      name: "get_trading_calendar",
      description: "The KRX calendar from a date onward: whether the market is open for orders (isOpen) on each day. Read-only.",
      schema: GetTradingCalendarArgs,
    },
  );
}
