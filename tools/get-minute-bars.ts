/** Read-only tool: today's 1-minute bars of one stock. */
import { tool } from "@langchain/core/tools";
import { z } from "zod";
import type { MarketData } from "../broker/ports.js";
import { limitArg, symbolArg } from "./args.js";
import { answer, table } from "./tool-result.js";

const GetMinuteBarsArgs = z.object({
  symbol: symbolArg,
  limit: limitArg("most recent minutes", 390, 30),
  until: z
    .string()
    .regex(/^\d{6}$/, "a time as HHMMSS")
    .optional()
    .describe("Last minute to include, HHMMSS in Korea time (default: now)"),
});

export function createGetMinuteBarsTool({ market }: { market: MarketData }) {
  return tool(
    ({ symbol, limit, until }) =>
      answer(async () => {
        const bars = await market.getMinuteBars(symbol, { limit, ...(until !== undefined ? { until } : {}) });
        return { symbol, date: bars[0]?.date ?? null, bars: table(bars, ["time", "openKrw", "highKrw", "lowKrw", "closeKrw", "volume"]) };
      }),
    {
      name: "get_minute_bars",
      description: "Today's 1-minute price bars of one stock (time HHMMSS, OHLC in KRW, volume), oldest first. Read-only.",
      schema: GetMinuteBarsArgs,
    },
  );
}
