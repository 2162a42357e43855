/** Read-only tool: daily OHLCV bars of one stock over a date range. */
import { tool } from "@langchain/core/tools";
import { z } from "zod";
import type { MarketData } from "../broker/ports.js";
import { dateArg, symbolArg } from "./args.js";
import { answer, table } from "./tool-result.js";

const GetDailyBarsArgs = z.object({ symbol: symbolArg, from: dateArg("First day"), to: dateArg("Last day (inclusive)") });

export function createGetDailyBarsTool({ market }: { market: MarketData }) {
  return tool(
    ({ symbol, from, to }) =>
      answer(async () => {
        const bars = await market.getDailyBars(symbol, { from, to });
        return { symbol, bars: table(bars, ["date", "openKrw", "highKrw", "lowKrw", "closeKrw", "volume"]) };
      }),
    {
      name: "get_daily_bars",
      description:
        "Daily price bars (adjusted open, high, low, close in KRW and volume) of one stock between two dates, oldest first. Read-only.",
      schema: GetDailyBarsArgs,
    },
  );
}
