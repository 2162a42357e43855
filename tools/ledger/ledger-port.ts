/** What the ledger tools read: the repositories' read methods only, so no ledger tool can write. */
import type { IntentsRepo } from "../../db/intents-repo.js";
import type { LlmCallsRepo } from "../../db/llm-calls-repo.js";
import type { PromptVersionsRepo } from "../../db/prompt-versions-repo.js";
import type { RiskEventsRepo } from "../../db/risk-events-repo.js";
import type { RunsRepo } from "../../db/runs-repo.js";
import type { ToolCallsRepo } from "../../db/tool-calls-repo.js";
import type { TradesRepo } from "../../db/trades-repo.js";

export interface LedgerReader {
  trades: Pick<TradesRepo, "listBetween">;
  /** what each trade actually filled at (the ledger's prices and quantities) */
  intents: Pick<IntentsRepo, "findByKey">;
  runs: Pick<RunsRepo, "get">;
  llmCalls: Pick<LlmCallsRepo, "listByRun">;
  riskEvents: Pick<RiskEventsRepo, "listByRun">;
  toolCalls: Pick<ToolCallsRepo, "listByRun">;
  promptVersions: Pick<PromptVersionsRepo, "list" | "usageByVersion">;
}
