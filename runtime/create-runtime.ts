/**
 * The composition root: builds every concrete object from the configuration — the venue of the
 * mode (runtime/mode.ts: the simulator in sim mode, in-process unless KIS_SIM_URL), the KIS client,
 * the database and repositories, the planner and the checkpointer — and closes them again.
 * runtime/agent.ts assembles the graphs over it. Importing this opens nothing.
 */
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { BaseCheckpointSaver } from "@langchain/langgraph";
import { readFileSync } from "node:fs";
import { ApiCallWindow } from "../broker/api-calls.js";
import { createKisClient } from "../broker/kis/create-kis-client.js";
import type { KisWireEnv } from "../broker/kis/endpoints.js";
import type { KisClient } from "../broker/kis/kis-client.js";
import type { Clock } from "../core/clock.js";
import { loadCommandConfig } from "../core/accounts.js";
import type { AppConfig } from "../core/config.js";
import { AppError, errorMessage } from "../core/errors.js";
import { createLogger, registerSecret, type Logger } from "../core/logger.js";
import { openCheckpointer } from "../db/checkpointer.js";
import type { Db } from "../db/database.js";
import { openLedgerDb } from "../db/open-ledger.js";
import { createAlerting } from "./alerts/notifying-alerts.js";
import type { Notifier } from "./alerts/notifier.js";
import { promptSeed } from "./paths.js";
import { createRepos, type Repos } from "./repos.js";
import { createChatModel } from "../llm/create-chat-model.js";
import { createModelPlanner, offlinePlanner, type Planner } from "../llm/planner.js";
import { createPromptVersionsRepo } from "../db/prompt-versions-repo.js";
import { createVersionedPromptStore, type VersionedPromptStore } from "../prompts/prompt-versions.js";
import { parseRiskLimits, type RiskLimits } from "../risk/limits.js";
import type { SimulatorHandle, SimulatorOptions } from "../sim/index.js";
import { openVenue, type Venue } from "./mode.js";

export interface RuntimeOptions {
  config?: AppConfig;
  log?: Logger;
  /** overrides for the in-process simulator (replay passes a stepped clock) */
  sim?: Partial<SimulatorOptions>;
  /** a venue the caller opened and closes (`start` shares one simulator among its accounts) */
  venue?: Venue;
}

export interface Runtime {
  config: AppConfig;
  log: Logger;
  /** the simulator's clock in sim mode, the wall clock otherwise */
  clock: Clock;
  db: Db;
  repos: Repos;
  kis: KisClient;
  /** the KIS client's calls and failures by tr_id over the health window */
  apiCalls: ApiCallWindow;
  restUrl: string;
  wsUrl: string;
  /** the tr_id table on the wire (runtime/mode.ts decides it with the hosts) */
  wireEnv: KisWireEnv;
  /** reads a stepped external simulator's time into `clock` (runtime/mode.ts); absent otherwise */
  followClock?: () => Promise<void>;
  sim?: SimulatorHandle;
  planner: Planner;
  /** the configured chat model; null when the offline rules policy plans */
  chatModel: BaseChatModel | null;
  /** the decision prompt's versions (prompt_versions); trading runs read the active one */
  prompts: VersionedPromptStore;
  limits: RiskLimits;
  /** SqliteSaver beside the SQLite ledger, PostgresSaver with DATABASE_URL (db/checkpointer.ts) */
  checkpointer: BaseCheckpointSaver;
  /** sends what `repos.alerts` stores to the configured channels, in the background */
  notifier: Notifier;
  close(): Promise<void>;
}

/** How long closing waits for alerts still being sent. */
const ALERT_DRAIN_MS = 5_000;

function loadLimits(config: AppConfig): RiskLimits {
  if (!config.riskLimitsFile) return parseRiskLimits({});
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(config.riskLimitsFile, "utf8")) as unknown;
  } catch (err) {
    throw new AppError("CONFIG_INVALID", `Cannot read RISK_LIMITS_FILE ${config.riskLimitsFile}: ${errorMessage(err)}`);
  }
  return parseRiskLimits(raw);
}

export async function createRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  const config = options.config ?? loadCommandConfig();
  const log = options.log ?? createLogger(config.logLevel);
  for (const secret of [config.credentials.appKey, config.credentials.appSecret, config.llm.apiKey]) registerSecret(secret);
  const limits = loadLimits(config);
  const { restUrl, wsUrl, clock, wireEnv, sim, followClock } = options.venue ?? (await openVenue(config, log, options.sim));
  const db = openLedgerDb(config);
  const checkpoints = await openCheckpointer(config).catch((err: unknown) => {
    db.close();
    throw err;
  });
  const apiCalls = new ApiCallWindow(config.health.apiWindowMs, () => clock.now());
  const kis = createKisClient({ config, restUrl, clock, log, simWireEnv: wireEnv, onCall: apiCalls.record });
  const model = createChatModel(config.llm);
  const planner = model ? createModelPlanner(model, config.llm) : offlinePlanner;
  const alerting = createAlerting(config, log);
  const repos = createRepos(db);
  return {
    config,
    log,
    clock,
    db,
    repos: { ...repos, alerts: alerting.wrap(repos.alerts) },
    kis,
    apiCalls,
    restUrl,
    wsUrl,
    wireEnv,
    planner,
    chatModel: model,
    limits,
    checkpointer: checkpoints.saver,
    notifier: alerting.notifier,
    prompts: createVersionedPromptStore({ repo: createPromptVersionsRepo(db), clock, dataDir: config.dataDir, ...promptSeed(config) }),
    ...(sim ? { sim } : {}),
    ...(followClock ? { followClock } : {}),
    async close() {
      await alerting.notifier.drain(ALERT_DRAIN_MS);
      alerting.notifier.close();
      db.close();
      await checkpoints.close();
      if (!options.venue) await sim?.close();
    },
  };
}
