/** Read-only tool: today's program-trading series of one stock. */
import { tool } from "@langchain/core/tools";
import { z } from "zod";
import type { MarketData } from "../broker/ports.js";
import { limitArg, symbolArg } from "./args.js";
import { answer, table } from "./tool-result.js";

const GetProgramTradesArgs = z.object({ symbol: symbolArg, limit: limitArg("points", 60, 10) });

export function createGetProgramTradesTool({ market }: { market: MarketData }) {
  return tool(
    ({ symbol, limit }) =>
      answer(async () => {
        const series = (await market.getProgramTrades(symbol)).slice(0, limit);
        return { symbol, program: table(series, ["time", "priceKrw", "buyVolume", "sellVolume", "netVolume", "netValueKrw"]) };
      }),
    {
      name: "get_program_trades",
      description: "Today's cumulative program trading of one stock (buy, sell and net shares and net KRW), newest first. Read-only.",
      schema: GetProgramTradesArgs,
    },
  );
}
