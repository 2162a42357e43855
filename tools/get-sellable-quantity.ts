/** Read-only tool: how many shares of one stock can be sold now. */
import { tool } from "@langchain/core/tools";
import { z } from "zod";
import type { Broker } from "../broker/ports.js";
import { symbolArg } from "./args.js";
import { answer } from "./tool-result.js";

const GetSellableQuantityArgs = z.object({ symbol: symbolArg });

export function createGetSellableQuantityTool({ broker }: { broker: Broker }) {
  return tool(({ symbol }) => answer(async () => ({ symbol, sellableQuantity: await broker.getSellableQuantity(symbol) })), {
    name: "get_sellable_quantity",
    description: "Shares of one stock the account can sell now (held shares minus those in open sell orders). Read-only.",
    schema: GetSellableQuantityArgs,
  });
}
