/**
 * Test ledgers. `openTempDb`: a migrated SQLite file in a fresh temp dir, for what only SQLite has.
 * `openTestLedger`: the backend under test — SQLite by default, PostgreSQL when DATABASE_URL is set
 * (`npm run test:pg`), in a database of its own (kis_test_<random>) dropped on dispose.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { openDatabase, type Db, type SqliteDb } from "../../db/database.js";
import { openPostgres } from "../../db/postgres/open-postgres.js";
import { PostgresDb } from "../../db/postgres/postgres-db.js";

export interface TempDb {
  db: SqliteDb;
  file: string;
  /** closes the handle and deletes the directory */
  dispose(): void;
}

export function openTempDb(): TempDb {
  const dir = mkdtempSync(join(tmpdir(), "kis-db-"));
  const file = join(dir, "trading.sqlite");
  const db = openDatabase(file);
  return {
    db,
    file,
    dispose() {
      if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface TestLedger {
  db: Db;
  /** a temp directory beside the ledger (DATA_DIR for what goes to files), removed on dispose */
  dir: string;
  /** another connection to the same ledger, as a second process would open it */
  reopen(): Db;
  /** closes every connection and removes the ledger */
  dispose(): void;
}

export function openTestLedger(): TestLedger {
  const url = process.env.DATABASE_URL;
  return url ? openPostgresLedger(url) : openSqliteLedger();
}

function openSqliteLedger(): TestLedger {
  const t = openTempDb();
  const others: Db[] = [];
  return {
    db: t.db,
    dir: dirname(t.file),
    reopen: () => push(others, openDatabase(t.file)),
    dispose() {
      for (const db of others) if (db.open) db.close();
      t.dispose();
    },
  };
}

export interface TestDatabase {
  /** DATABASE_URL for the new database */
  url: string;
  drop(): void;
}

/** A new, empty PostgreSQL database (kis_test_<random>) on the server of `serverUrl`. */
export function createTestDatabase(serverUrl: string): TestDatabase {
  const name = `kis_test_${randomBytes(6).toString("hex")}`;
  withAdmin(serverUrl, (admin) => admin.exec(`CREATE DATABASE ${name}`));
  const target = new URL(serverUrl);
  target.pathname = `/${name}`;
  return {
    url: target.toString(),
    drop: () => withAdmin(serverUrl, (admin) => admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
  };
}

function openPostgresLedger(serverUrl: string): TestLedger {
  const database = createTestDatabase(serverUrl);
  const open = () => openPostgres({ url: database.url, schema: "public" });
  const all: Db[] = [open()];
  const dir = mkdtempSync(join(tmpdir(), "kis-db-"));
  return {
    db: all[0]!,
    dir,
    reopen: () => push(all, open()),
    dispose() {
      for (const db of all) if (db.open) db.close();
      database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function withAdmin(url: string, fn: (admin: PostgresDb) => void): void {
  const admin = new PostgresDb({ url, schema: "public" });
  try {
    fn(admin);
  } finally {
    admin.close();
  }
}

function push(list: Db[], db: Db): Db {
  list.push(db);
  return db;
}
