/** Read-only tool: today's biggest risers or fallers. */
import { tool } from "@langchain/core/tools";
import { z } from "zod";
import type { MarketData } from "../broker/ports.js";
import { limitArg } from "./args.js";
import { answer, table } from "./tool-result.js";

const GetChangeRankingArgs = z.object({
  direction: z.enum(["up", "down"]).describe("up = biggest risers, down = biggest fallers, by change vs the previous close"),
  limit: limitArg("stocks", 30, 10),
});

export function createGetChangeRankingTool({ market }: { market: MarketData }) {
  return tool(
    ({ direction, limit }) =>
      answer(async () => {
        const ranking = await market.getChangeRanking({ direction, limit });
        return { direction, ranking: table(ranking, ["rank", "symbol", "name", "priceKrw", "changeRate", "volume"]) };
      }),
    {
      name: "get_change_ranking",
      description: "Today's KRX stocks ranked by price change % vs the previous close, risers or fallers. Read-only.",
      schema: GetChangeRankingArgs,
    },
  );
}
