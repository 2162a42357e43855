/** The obvious tick insert the sqlite benchmark gates against: one autocommit INSERT per row. */
import type { Db } from "../../db/database.js";
import { TICK_COLUMNS, type TickRow } from "../../market/indicators/columns.js";

export function insertOneByOne(db: Db, rows: TickRow[]): void {
  const insert = db.prepare(
    `INSERT INTO ticks (${TICK_COLUMNS.map((c) => c.sql).join(",")}) VALUES (${TICK_COLUMNS.map(() => "?").join(",")})`,
  );
  for (const row of rows) insert.run(row);
}
