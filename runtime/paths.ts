/**
 * Where a mode's files live under DATA_DIR: one database per mode, checkpoints beside it (the ledger
 * and checkpoints move to PostgreSQL with DATABASE_URL; ticks stay in the SQLite file).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { AppConfig } from "../core/config.js";
import { AppError, errorMessage } from "../core/errors.js";
import { createLogger } from "../core/logger.js";
import type { Db } from "../db/database.js";
import { openLedgerDb, sqliteLedgerFile } from "../db/open-ledger.js";
import { createAlerting } from "./alerts/notifying-alerts.js";
import { createRepos, type Repos } from "./repos.js";

export const databaseFile = (config: AppConfig) => sqliteLedgerFile(config);
/** The demo's own data directory (sim mode), replaced by every demo; `kis-agent --data-dir` opens it. */
export const demoDataDir = (config: AppConfig) => join(config.dataDir, "demo");

/**
 * The database alone, for commands that only read or flip the ledger (no broker, no simulator).
 * Alerts it stores are sent on like the runtime's; a send still under way when the database closes
 * finishes on its own (it needs no database), and keeps a short-lived command alive until then.
 */
export function openLedger(config: AppConfig): { db: Db; repos: Repos; close(): void } {
  const db = openLedgerDb(config);
  const repos = createRepos(db);
  const alerting = createAlerting(config, createLogger(config.logLevel));
  return { db, repos: { ...repos, alerts: alerting.wrap(repos.alerts) }, close: () => db.close() };
}

/**
 * The seed (version 1) of the account's decision-prompt line, when its ACCOUNTS_FILE entry names one;
 * for every prompt store over the account's ledger (the console's too), whichever seeds it first.
 */
export function promptSeed(config: AppConfig): { seedText?: () => string } {
  const file = config.promptFile;
  if (!file) return {};
  return {
    seedText: () => {
      try {
        return readFileSync(file, "utf8");
      } catch (err) {
        throw new AppError("CONFIG_INVALID", `Cannot read the prompt of account ${config.accountId}: ${file}: ${errorMessage(err)}`);
      }
    },
  };
}
