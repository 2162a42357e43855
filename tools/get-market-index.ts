/** Read-only tool: a market index snapshot (KOSPI by default). */
import { tool } from "@langchain/core/tools";
import { z } from "zod";
import type { MarketData } from "../broker/ports.js";
import { answer } from "./tool-result.js";

/** KRX industry-index codes (업종코드). */
const INDEX_CODES = { KOSPI: "0001", KOSDAQ: "1001", KOSPI200: "2001" } as const;

const GetMarketIndexArgs = z.object({
  index: z.enum(["KOSPI", "KOSDAQ", "KOSPI200"]).default("KOSPI").describe("Which index (default KOSPI)"),
});

export function createGetMarketIndexTool({ market }: { market: MarketData }) {
  return tool(
    ({ index }) =>
      answer(async () => {
        const q = await market.getIndex(INDEX_CODES[index]);
        return {
          index,
          value: q.value,
          change: q.change,
          changeRate: q.changeRate,
          volume: q.volume,
          advancers: q.advancers,
          decliners: q.decliners,
          unchanged: q.unchanged,
        };
      }),
    {
      name: "get_market_index",
      description:
        "Current level of a Korean market index (KOSPI, KOSDAQ or KOSPI200) with its change % and the count of rising/falling stocks. Read-only.",
      schema: GetMarketIndexArgs,
    },
  );
}
