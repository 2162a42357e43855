/** Read-only tool: the latest executions of one stock. */
import { tool } from "@langchain/core/tools";
import { z } from "zod";
import type { MarketData } from "../broker/ports.js";
import { limitArg, symbolArg } from "./args.js";
import { answer, table } from "./tool-result.js";

const GetRecentTicksArgs = z.object({ symbol: symbolArg, limit: limitArg("executions", 30, 10) });

export function createGetRecentTicksTool({ market }: { market: MarketData }) {
  return tool(
    ({ symbol, limit }) =>
      answer(async () => {
        const ticks = (await market.getRecentTicks(symbol)).slice(0, limit);
        return { symbol, buyPower: ticks[0]?.buyPower ?? null, ticks: table(ticks, ["time", "priceKrw", "volume", "changeRate"]) };
      }),
    {
      name: "get_recent_ticks",
      description:
        "Latest trades of one stock, newest first: time (HHMMSS, Korea time), price, volume, change rate %. buyPower is today's 체결강도 (buy volume / sell volume × 100). Read-only.",
      schema: GetRecentTicksArgs,
    },
  );
}
