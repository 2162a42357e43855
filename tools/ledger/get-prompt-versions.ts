/** Read-only ledger tool: the decision prompt's versions with their status, rules and results. */
import { tool } from "@langchain/core/tools";
import { z } from "zod";
import { buildLedger, intentFills, realizedPnlKrw } from "../../ledger/round-trips.js";
import { limitArg } from "../args.js";
import { answer, table } from "../tool-result.js";
import type { LedgerReader } from "./ledger-port.js";
import { brief } from "./period.js";

const GetPromptVersionsArgs = z.object({ limit: limitArg("versions, newest first", 20, 5) });

export function createGetPromptVersionsTool({ ledger }: { ledger: LedgerReader }) {
  return tool(
    ({ limit }) =>
      answer(async () => {
        const usage = ledger.promptVersions.usageByVersion();
        const { trips } = buildLedger(ledger.trades.listBetween(0, Number.MAX_SAFE_INTEGER), { byIntentKey: intentFills(ledger.intents) });
        const versions = ledger.promptVersions
          .list()
          .reverse()
          .slice(0, limit)
          .map((v) => {
            const own = trips.filter((t) => t.entry.promptVersion === String(v.version));
            return {
              version: v.version,
              parent: v.parentVersion,
              status: v.status,
              author: v.author,
              rulesAdded: v.rulesAdded.length,
              rulesRetired: v.rulesRetired.length,
              runs: usage.get(v.version)?.runs ?? 0,
              closedTrades: own.length,
              wins: own.filter((t) => t.pnlKrw > 0).length,
              realisedPnlKrw: realizedPnlKrw(own, 0),
              changeLog: brief(v.changeLog, 120),
            };
          });
        const columns = [
          "version",
          "parent",
          "status",
          "author",
          "rulesAdded",
          "rulesRetired",
          "runs",
          "closedTrades",
          "wins",
          "realisedPnlKrw",
          "changeLog",
        ] as const;
        return { versions: table(versions, columns) };
      }),
    {
      name: "get_prompt_versions",
      description:
        "The decision prompt's versions, newest first: status, rules added/retired, trading runs, and the closed trades entered under each with wins and realised P&L (KRW, net of fees and tax). Read-only.",
      schema: GetPromptVersionsArgs,
    },
  );
}
