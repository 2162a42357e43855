/** Where a mode's files live under DATA_DIR: one database per mode, checkpoints beside it. */
import { join } from "node:path";
import type { AppConfig } from "../core/config.js";
import { openDatabase, type Db } from "../db/database.js";
import { createRepos, type Repos } from "./repos.js";

export const databaseFile = (config: AppConfig) => join(config.dataDir, `kis-agent.${config.kisEnv}.sqlite`);
export const checkpointFile = (config: AppConfig) => join(config.dataDir, `checkpoints.${config.kisEnv}.sqlite`);

/** The database alone, for commands that only read or flip the ledger (no broker, no simulator). */
export function openLedger(config: AppConfig): { db: Db; repos: Repos; close(): void } {
  const db = openDatabase(databaseFile(config));
  return { db, repos: createRepos(db), close: () => db.close() };
}
