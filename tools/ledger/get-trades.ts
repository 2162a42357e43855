/** Read-only ledger tool: the trades of a period with their outcome and reason. */
import { tool } from "@langchain/core/tools";
import { z } from "zod";
import { formatKstIso } from "../../core/clock.js";
import { limitArg } from "../args.js";
import { answer, table } from "../tool-result.js";
import type { LedgerReader } from "./ledger-port.js";
import { brief, periodArgs, periodMs } from "./period.js";

const GetTradesArgs = z.object({ ...periodArgs, limit: limitArg("trades, newest first", 50, 20) });

export function createGetTradesTool({ ledger }: { ledger: LedgerReader }) {
  return tool(
    (args) =>
      answer(async () => {
        const { fromMs, toMs } = periodMs(args);
        const trades = ledger.trades
          .listBetween(fromMs, toMs)
          .filter((t) => t.action !== "hold")
          .reverse()
          .slice(0, args.limit)
          .map((t) => ({
            id: t.id,
            at: formatKstIso(t.timestampMs).slice(0, 16),
            symbol: t.ticker,
            side: t.action,
            quantity: t.quantity,
            priceKrw: t.priceKrw,
            status: t.executionStatus,
            pnl7Krw: t.pnl7DaysKrw ?? null,
            pnl30Krw: t.pnl30DaysKrw ?? null,
            promptVersion: t.promptVersion ?? null,
            runId: t.runId,
            reason: brief(t.justificationText),
          }));
        return {
          trades: table(trades, [
            "id",
            "at",
            "symbol",
            "side",
            "quantity",
            "priceKrw",
            "status",
            "pnl7Krw",
            "pnl30Krw",
            "promptVersion",
            "runId",
            "reason",
          ]),
        };
      }),
    {
      name: "get_trades",
      description:
        "Trades the agent made in a period (newest first): side, quantity, price, execution status, 7/30-day P&L, prompt version, run and reason. Read-only.",
      schema: GetTradesArgs,
    },
  );
}
