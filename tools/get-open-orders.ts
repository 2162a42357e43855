/** Read-only tool: today's orders that can still be modified or cancelled. */
import { tool } from "@langchain/core/tools";
import { z } from "zod";
import type { Broker } from "../broker/ports.js";
import { answer, table } from "./tool-result.js";

const GetOpenOrdersArgs = z.object({});

export function createGetOpenOrdersTool({ broker }: { broker: Broker }) {
  return tool(
    () =>
      answer(async () => {
        const orders = await broker.getOpenOrders();
        const columns = [
          "orderNo",
          "symbol",
          "side",
          "type",
          "quantity",
          "limitPriceKrw",
          "filledQuantity",
          "remainingQuantity",
          "orderedAt",
        ] as const;
        return { orders: table(orders, columns) };
      }),
    {
      name: "get_open_orders",
      description:
        "Today's orders that are not yet fully filled or cancelled, with the quantity still open. Read-only: this tool cannot change orders.",
      schema: GetOpenOrdersArgs,
    },
  );
}
