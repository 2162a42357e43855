/** Read-only tool: orders and fills between two dates. */
import { tool } from "@langchain/core/tools";
import { z } from "zod";
import type { Broker } from "../broker/ports.js";
import { dateArg, symbolArg } from "./args.js";
import { answer, table } from "./tool-result.js";

const GetDailyOrdersArgs = z.object({
  from: dateArg("First day"),
  to: dateArg("Last day (inclusive)"),
  symbol: symbolArg.optional().describe("Only this 6-character KRX code (default: every stock)"),
  status: z.enum(["all", "filled", "unfilled"]).default("all").describe("all (default), filled or unfilled orders"),
});

export function createGetDailyOrdersTool({ broker }: { broker: Broker }) {
  return tool(
    ({ from, to, symbol, status }) =>
      answer(async () => {
        const orders = await broker.getDailyOrders({ from, to, status, ...(symbol !== undefined ? { symbol } : {}) });
        const columns = [
          "date",
          "orderNo",
          "symbol",
          "side",
          "type",
          "quantity",
          "limitPriceKrw",
          "filledQuantity",
          "averageFillPriceKrw",
          "remainingQuantity",
          "cancelled",
          "orderedAt",
        ] as const;
        return { orders: table(orders, columns) };
      }),
    {
      name: "get_daily_orders",
      description:
        "The account's orders and their fills between two dates, newest first: quantity, limit price, filled quantity and average fill price. Read-only.",
      schema: GetDailyOrdersArgs,
    },
  );
}
