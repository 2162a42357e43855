/**
 * IN lists built in code, so one SQL text runs on SQLite and PostgreSQL alike (no json_each, no
 * ANY($1)): one statement per list length, prepared once and kept.
 */
import type { BindParams, Db, Statement } from "./db.js";

/** `?, ?, ?` for n values (n ≥ 1). */
export function placeholders(n: number): string {
  return new Array<string>(n).fill("?").join(", ");
}

/** `sql(list)` prepared for each list length on first use; `list` is the placeholders of that length. */
export function inListStatement<P extends BindParams, R>(db: Db, sql: (list: string) => string): (n: number) => Statement<P, R> {
  const byLength = new Map<number, Statement<P, R>>();
  return (n) => {
    let statement = byLength.get(n);
    if (!statement) byLength.set(n, (statement = db.prepare<P, R>(sql(placeholders(n)))));
    return statement;
  };
}
