/**
 * Where a mode's files live under DATA_DIR: one database per mode, checkpoints beside it (the ledger
 * and checkpoints move to PostgreSQL with DATABASE_URL; ticks stay in the SQLite file).
 */
import { join } from "node:path";
import type { AppConfig } from "../core/config.js";
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
