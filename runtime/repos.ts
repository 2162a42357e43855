/** Every repository over one database handle, built once per runtime. */
import type { Db } from "../db/database.js";
import { createAlertsRepo } from "../db/alerts-repo.js";
import { createDailyPicksRepo } from "../db/daily-picks-repo.js";
import { createDailyPortfolioWriter } from "../db/daily-portfolio-repo.js";
import { createFillsRepo } from "../db/fills-repo.js";
import { createIntentsRepo } from "../db/intents-repo.js";
import { createLeaseRepo } from "../db/lease-repo.js";
import { createLlmCallsRepo } from "../db/llm-calls-repo.js";
import { createPositionBaselineRepo } from "../db/position-baseline-repo.js";
import { createPromptShadowsRepo } from "../db/prompt-shadows-repo.js";
import { createRiskEventsRepo } from "../db/risk-events-repo.js";
import { createRunContextRepo } from "../db/run-context-repo.js";
import { createRunsRepo } from "../db/runs-repo.js";
import { createTradesRepo } from "../db/trades-repo.js";
import { createToolCallsRepo } from "../db/tool-calls-repo.js";
import { createTradingStateRepo } from "../db/trading-state-repo.js";

export function createRepos(db: Db) {
  return {
    alerts: createAlertsRepo(db),
    dailyPicks: createDailyPicksRepo(db),
    fills: createFillsRepo(db),
    intents: createIntentsRepo(db),
    leases: createLeaseRepo(db),
    llmCalls: createLlmCallsRepo(db),
    portfolio: createDailyPortfolioWriter(db),
    baseline: createPositionBaselineRepo(db),
    shadows: createPromptShadowsRepo(db),
    riskEvents: createRiskEventsRepo(db),
    runContext: createRunContextRepo(db),
    runs: createRunsRepo(db),
    trades: createTradesRepo(db),
    tradingState: createTradingStateRepo(db),
    toolCalls: createToolCallsRepo(db),
  };
}

export type Repos = ReturnType<typeof createRepos>;
