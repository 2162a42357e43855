/**
 * The one place that opens the ledger from the configuration: PostgreSQL when DATABASE_URL is set
 * (in DATABASE_SCHEMA), else the mode's SQLite file under DATA_DIR. Either comes back migrated.
 */
import { join } from "node:path";
import type { AppConfig } from "../core/config.js";
import { openDatabase } from "./database.js";
import type { Db } from "./db.js";
import { openPostgres } from "./postgres/open-postgres.js";

/** The mode's SQLite ledger file (also where ticks are recorded, whichever backend holds the ledger). */
export const sqliteLedgerFile = (config: Pick<AppConfig, "dataDir" | "kisEnv">) =>
  join(config.dataDir, `kis-agent.${config.kisEnv}.sqlite`);

export function openLedgerDb(config: Pick<AppConfig, "dataDir" | "kisEnv" | "database">): Db {
  const { url, schema } = config.database;
  return url ? openPostgres({ url, schema }) : openDatabase(sqliteLedgerFile(config));
}
