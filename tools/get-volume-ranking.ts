/** Read-only tool: today's most traded stocks by volume. */
import { tool } from "@langchain/core/tools";
import { z } from "zod";
import type { MarketData } from "../broker/ports.js";
import { limitArg } from "./args.js";
import { answer, table } from "./tool-result.js";

const GetVolumeRankingArgs = z.object({ limit: limitArg("stocks", 30, 10) });

export function createGetVolumeRankingTool({ market }: { market: MarketData }) {
  return tool(
    ({ limit }) =>
      answer(async () => {
        const ranking = await market.getVolumeRanking({ limit });
        return {
          ranking: table(ranking, ["rank", "symbol", "name", "priceKrw", "changeRate", "volume", "tradeValueKrw", "volumeIncreaseRate"]),
        };
      }),
    {
      name: "get_volume_ranking",
      description: "Today's KRX stocks ranked by traded volume, with price, change rate % and volume increase % vs the average. Read-only.",
      schema: GetVolumeRankingArgs,
    },
  );
}
