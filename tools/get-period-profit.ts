/** Read-only tool: realised profit and loss per day between two dates. */
import { tool } from "@langchain/core/tools";
import { z } from "zod";
import type { Broker } from "../broker/ports.js";
import { dateArg } from "./args.js";
import { answer, table } from "./tool-result.js";

const GetPeriodProfitArgs = z.object({ from: dateArg("First day"), to: dateArg("Last day (inclusive)") });

export function createGetPeriodProfitTool({ broker }: { broker: Broker }) {
  return tool(
    ({ from, to }) =>
      answer(async () => {
        const profit = await broker.getPeriodProfit({ from, to });
        return {
          totalRealizedPnlKrw: profit.totalRealizedPnlKrw,
          totalFeeKrw: profit.totalFeeKrw,
          totalTaxKrw: profit.totalTaxKrw,
          days: table(profit.days, ["date", "buyAmountKrw", "sellAmountKrw", "realizedPnlKrw", "pnlRate"]),
        };
      }),
    {
      name: "get_period_profit",
      description: "Realised profit and loss of the account per trading day between two dates, with totals of fees and taxes. Read-only.",
      schema: GetPeriodProfitArgs,
    },
  );
}
