/** Read-only tool: the current price, daily range and limits of one KRX stock. */
import { tool } from "@langchain/core/tools";
import { z } from "zod";
import { formatKstIso } from "../core/clock.js";
import type { MarketData } from "../broker/ports.js";
import { symbolArg } from "./args.js";
import { answer } from "./tool-result.js";

const GetQuoteArgs = z.object({ symbol: symbolArg });

export function createGetQuoteTool({ market }: { market: MarketData }) {
  return tool(
    ({ symbol }) =>
      answer(async () => {
        const q = await market.getQuote(symbol);
        return {
          symbol: q.symbol,
          name: q.name,
          market: q.market ?? null,
          priceKrw: q.priceKrw,
          changeKrw: q.changeKrw,
          changeRate: q.changeRate,
          openKrw: q.openKrw,
          highKrw: q.highKrw,
          lowKrw: q.lowKrw,
          volume: q.volume,
          tradeValueKrw: q.tradeValueKrw,
          upperLimitKrw: q.upperLimitKrw,
          lowerLimitKrw: q.lowerLimitKrw,
          tickSizeKrw: q.tickSizeKrw,
          halted: q.halted,
          asOf: formatKstIso(q.receivedAtMs),
        };
      }),
    {
      name: "get_quote",
      description:
        "Current price of one KRX-listed stock with today's open/high/low, volume, upper/lower price limits and tick size. Read-only.",
      schema: GetQuoteArgs,
    },
  );
}
