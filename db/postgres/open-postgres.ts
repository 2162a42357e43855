/** Opens the ledger in PostgreSQL and brings it to the latest schema. */
import { registerSecret } from "../../core/logger.js";
import { migratePostgres } from "./migrate.js";
import { PostgresDb, type PostgresTarget } from "./postgres-db.js";

export function openPostgres(target: PostgresTarget): PostgresDb {
  registerSecret(passwordOf(target.url));
  const db = new PostgresDb(target);
  try {
    migratePostgres(db);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

function passwordOf(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}
