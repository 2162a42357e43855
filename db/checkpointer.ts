/**
 * The LangGraph checkpointer beside the ledger: PostgresSaver in the same database and schema when
 * DATABASE_URL is set, else SqliteSaver on the mode's checkpoint file under DATA_DIR.
 */
import type { BaseCheckpointSaver } from "@langchain/langgraph";
import { PostgresSaver } from "@langchain/langgraph-checkpoint-postgres";
import { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";
import pg from "pg";
import { join } from "node:path";
import type { AppConfig } from "../core/config.js";
import { AppError, errorMessage } from "../core/errors.js";
import { maskUrl } from "../core/mask-url.js";
import { ensurePrivateFile } from "../core/private-files.js";
import { openConnection } from "./database.js";
import { quoteIdent } from "./postgres/schema-name.js";

export const checkpointFile = (config: Pick<AppConfig, "dataDir" | "kisEnv">) =>
  join(config.dataDir, `checkpoints.${config.kisEnv}.sqlite`);

export interface Checkpointer {
  saver: BaseCheckpointSaver;
  close(): Promise<void>;
}

export async function openCheckpointer(config: Pick<AppConfig, "dataDir" | "kisEnv" | "database">): Promise<Checkpointer> {
  const { url, schema } = config.database;
  if (!url) {
    ensurePrivateFile(checkpointFile(config));
    // Our own connection, so the checkpointer also waits for other processes' locks (busy_timeout).
    const saver = new SqliteSaver(openConnection(checkpointFile(config)));
    return { saver, close: async () => void saver.db.close() };
  }
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  // An idle client that loses its connection must not crash the process; the next query reports it.
  pool.on("error", () => undefined);
  const saver = new PostgresSaver(pool, undefined, { schema });
  try {
    await setUpOnce(pool, schema, () => saver.setup());
  } catch (err) {
    await pool.end();
    throw new AppError("DB_UNAVAILABLE", `Cannot set up checkpoints in PostgreSQL at ${maskUrl(url)}: ${errorMessage(err)}`, {
      cause: err,
    });
  }
  return { saver, close: () => pool.end() };
}

/**
 * PostgresSaver.setup() creates its schema and tables with IF NOT EXISTS, which races when several
 * processes start at once ("duplicate key value violates unique constraint"): they take turns under a
 * session advisory lock held on one client of the pool.
 */
async function setUpOnce(pool: pg.Pool, schema: string, setup: () => Promise<void>): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock(hashtext($1))", [`kis-agent.checkpoints:${schema}`]);
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
      await setup();
    } finally {
      await client.query("SELECT pg_advisory_unlock(hashtext($1))", [`kis-agent.checkpoints:${schema}`]);
    }
  } finally {
    client.release();
  }
}
