/** Read-only tool: how much of one stock the account can buy. */
import { tool } from "@langchain/core/tools";
import { z } from "zod";
import type { Broker } from "../broker/ports.js";
import { symbolArg } from "./args.js";
import { answer } from "./tool-result.js";

const GetBuyingPowerArgs = z.object({
  symbol: symbolArg,
  priceKrw: z.number().int().positive().describe("Price per share in KRW to size the purchase at"),
  orderType: z.enum(["limit", "market"]).default("limit").describe("limit (default) or market; market applies the stock's margin rate"),
});

export function createGetBuyingPowerTool({ broker }: { broker: Broker }) {
  return tool(
    ({ symbol, priceKrw, orderType }) =>
      answer(async () => {
        const power = await broker.getBuyingPower(symbol, priceKrw, orderType);
        return {
          symbol,
          priceKrw,
          orderableCashKrw: power.orderableCashKrw,
          cashOnlyQuantity: power.cashOnlyQuantity,
          maxQuantity: power.maxQuantity,
        };
      }),
    {
      name: "get_buying_power",
      description:
        "Orderable cash and the number of shares of one stock the account can buy at a price, paying cash only (cashOnlyQuantity). Read-only.",
      schema: GetBuyingPowerArgs,
    },
  );
}
