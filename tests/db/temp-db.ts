/** A migrated SQLite file in a fresh temp dir, removed after the test. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase, type SqliteDb } from "../../db/database.js";

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
