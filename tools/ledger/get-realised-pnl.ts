/** Read-only ledger tool: realised P&L of the round trips closed in a period, by symbol or by rule. */
import { tool } from "@langchain/core/tools";
import { z } from "zod";
import { buildLedger, intentFills, type RoundTrip } from "../../ledger/round-trips.js";
import { answer, table } from "../tool-result.js";
import type { LedgerReader } from "./ledger-port.js";
import { periodArgs, periodMs } from "./period.js";

const GetRealisedPnlArgs = z.object({
  ...periodArgs,
  by: z.enum(["symbol", "rule"]).describe("symbol: per stock; rule: per exit reason (stop loss, take profit, a learned rule id, …)"),
});

/** The exit's rule: the reason's tag before the first colon ("손절", "절반 이익실현", "학습된 규칙 r3"). */
const ruleOf = (t: RoundTrip) => t.exit.justificationText.split(":")[0]?.trim().slice(0, 40) || "(none)";

export function createGetRealisedPnlTool({ ledger }: { ledger: LedgerReader }) {
  return tool(
    (args) =>
      answer(async () => {
        const { fromMs, toMs } = periodMs(args);
        const closed = buildLedger(ledger.trades.listBetween(0, toMs), { byIntentKey: intentFills(ledger.intents) }).trips.filter(
          (t) => t.exitAtMs >= fromMs,
        );
        const groups = new Map<string, { key: string; trips: number; wins: number; pnlKrw: number }>();
        for (const t of closed) {
          const key = args.by === "symbol" ? t.symbol : ruleOf(t);
          const g = groups.get(key) ?? { key, trips: 0, wins: 0, pnlKrw: 0 };
          groups.set(key, { key, trips: g.trips + 1, wins: g.wins + (t.pnlKrw > 0 ? 1 : 0), pnlKrw: g.pnlKrw + t.pnlKrw });
        }
        const rows = [...groups.values()].sort((a, b) => a.pnlKrw - b.pnlKrw);
        return {
          by: args.by,
          totalPnlKrw: closed.reduce((s, t) => s + t.pnlKrw, 0),
          groups: table(rows, ["key", "trips", "wins", "pnlKrw"]),
        };
      }),
    {
      name: "get_realised_pnl",
      description:
        "Realised P&L (KRW, net of fees and tax) of round trips closed in a period, grouped by symbol or by exit rule, worst first. Read-only.",
      schema: GetRealisedPnlArgs,
    },
  );
}
