/** Opens the ledger in PostgreSQL and brings it to the latest schema. */
import { registerSecret } from "../../core/logger.js";
import { migratePostgres, type MigrationReport } from "./migrate.js";
import { PostgresDb, type PostgresTarget } from "./postgres-db.js";

export function openPostgres(target: PostgresTarget): PostgresDb {
  return openPostgresMigrated(target).db;
}

/** The same, with what the migration did (`kis-agent db migrate`). */
export function openPostgresMigrated(target: PostgresTarget): { db: PostgresDb; migrations: MigrationReport } {
  registerSecret(passwordOf(target.url));
  const db = new PostgresDb(target);
  try {
    return { db, migrations: migratePostgres(db) };
  } catch (err) {
    db.close();
    throw err;
  }
}

function passwordOf(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}
