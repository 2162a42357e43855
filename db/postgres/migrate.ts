/**
 * PostgreSQL's migrations: db/migrations/postgres/NNNN-name.sql, one twin per SQLite migration (the
 * parity test holds them to one schema). Each version applied is a row of schema_migrations, so a
 * version numbered into a gap is still applied. All of it runs in one transaction under an advisory
 * lock, so several processes starting against a fresh database take turns and the first one wins.
 */
import { join } from "node:path";
import { loadMigrations, MIGRATIONS_DIR, type Migration } from "../database.js";
import type { Db } from "../db.js";

export const POSTGRES_MIGRATIONS_DIR = join(MIGRATIONS_DIR, "postgres");

export interface MigrationReport {
  /** versions applied by this call, in order */
  applied: number[];
  /** every version recorded after the call */
  versions: number[];
}

export function migratePostgres(db: Db, migrations: Migration[] = loadMigrations(POSTGRES_MIGRATIONS_DIR)): MigrationReport {
  return db.transaction((): MigrationReport => {
    db.prepare("SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':kis-agent.migrate'))").get();
    db.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at_ms BIGINT NOT NULL)",
    );
    const recorded = () => db.prepare<[], { version: number }>("SELECT version FROM schema_migrations ORDER BY version").all();
    const done = new Set(recorded().map((r) => r.version));
    const record = db.prepare("INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES (?, ?, ?)");
    const applied: number[] = [];
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      db.exec(m.sql);
      record.run(m.version, m.name, Date.now());
      applied.push(m.version);
    }
    return { applied, versions: recorded().map((r) => r.version) };
  })();
}
