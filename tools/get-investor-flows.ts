/** Read-only tool: daily net buying of one stock by individuals, foreigners and institutions. */
import { tool } from "@langchain/core/tools";
import { z } from "zod";
import type { MarketData } from "../broker/ports.js";
import { limitArg, symbolArg } from "./args.js";
import { answer, table } from "./tool-result.js";

const GetInvestorFlowsArgs = z.object({ symbol: symbolArg, days: limitArg("trading days", 30, 5) });

export function createGetInvestorFlowsTool({ market }: { market: MarketData }) {
  return tool(
    ({ symbol, days }) =>
      answer(async () => {
        const flows = (await market.getInvestorFlows(symbol)).slice(0, days);
        const columns = [
          "date",
          "closeKrw",
          "individualNetQuantity",
          "foreignNetQuantity",
          "institutionNetQuantity",
          "foreignNetValueKrw",
          "institutionNetValueKrw",
        ] as const;
        return { symbol, flows: table(flows, columns) };
      }),
    {
      name: "get_investor_flows",
      description:
        "Daily net buying (shares; positive = net buy) of one stock by individuals, foreigners and institutions, newest first. Today's row appears only after the close. Read-only.",
      schema: GetInvestorFlowsArgs,
    },
  );
}
