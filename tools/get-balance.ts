/** Read-only tool: cash, holdings and unrealised P&L of the account. */
import { tool } from "@langchain/core/tools";
import { z } from "zod";
import type { Broker } from "../broker/ports.js";
import { answer, table } from "./tool-result.js";

const GetBalanceArgs = z.object({});

export function createGetBalanceTool({ broker }: { broker: Broker }) {
  return tool(
    () =>
      answer(async () => {
        const { holdings, summary } = await broker.getBalance();
        const columns = [
          "symbol",
          "name",
          "quantity",
          "sellableQuantity",
          "averagePriceKrw",
          "currentPriceKrw",
          "unrealizedPnlKrw",
          "unrealizedPnlRate",
        ] as const;
        return {
          cashKrw: summary.cashKrw,
          settledCashD2Krw: summary.cashD2Krw,
          securitiesValueKrw: summary.securitiesValueKrw,
          totalValueKrw: summary.totalValueKrw,
          unrealizedPnlKrw: summary.unrealizedPnlKrw,
          holdings: table(holdings, columns),
        };
      }),
    {
      name: "get_balance",
      description:
        "The account: cash (today and settled D+2), total value, and every holding with quantity, sellable quantity, average and current price and unrealised P&L. Read-only.",
      schema: GetBalanceArgs,
    },
  );
}
