/**
 * Copies a SQLite ledger into another database (PostgreSQL): every ledger table, parents before the
 * tables that reference them, rows in rowid order (a self-reference points back), in one write
 * transaction on the target, then the target's id sequences moved past the copied ids. Ticks stay
 * in the SQLite file (they are per machine); LangGraph checkpoints are not copied.
 */
import type Database from "better-sqlite3";
import { AppError } from "../core/errors.js";
import type { Db } from "./db.js";
import { placeholders } from "./in-list.js";

/** Not ledger tables: ticks stay local; migration bookkeeping is per backend. */
const NOT_COPIED = new Set(["ticks", "schema_migrations"]);
/** Rows per INSERT: well under PostgreSQL's 65535 parameters for the widest table. */
const ROWS_PER_INSERT = 200;

export interface CopiedTable {
  table: string;
  rows: number;
}

/** The ledger tables in an order that inserts every referenced row before its referrers. */
export function ledgerTables(source: Database.Database): string[] {
  const names = source
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all()
    .map((r) => r.name)
    .filter((name) => !NOT_COPIED.has(name));
  const parents = new Map(
    names.map((name) => [
      name,
      (source.pragma(`foreign_key_list(${JSON.stringify(name)})`) as Array<{ table: string }>)
        .map((fk) => fk.table)
        .filter((t) => t !== name),
    ]),
  );
  const ordered: string[] = [];
  const visit = (name: string) => {
    if (ordered.includes(name)) return;
    for (const parent of parents.get(name) ?? []) visit(parent);
    ordered.push(name);
  };
  names.forEach(visit);
  return ordered;
}

/** Tables of the target holding rows other than what a fresh migration writes (the ACTIVE state row). */
export function nonEmptyTables(target: Db, tables: string[]): string[] {
  return tables.filter((table) => {
    const seeded = table === "trading_state" ? " WHERE NOT (id = 1 AND state = 'ACTIVE' AND updated_at_ms = 0)" : "";
    return (target.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM ${table}${seeded}`).get()?.n ?? 0) > 0;
  });
}

/**
 * Replaces the target's ledger rows with the source's. Refuses a target with rows of its own unless
 * `replace`; all or nothing either way.
 */
export function copyLedger(source: Database.Database, target: Db, options: { replace: boolean }): CopiedTable[] {
  const tables = ledgerTables(source);
  const occupied = nonEmptyTables(target, tables);
  if (occupied.length > 0 && !options.replace)
    throw new AppError("DATA_INVALID", `The target ledger already has rows in ${occupied.join(", ")} (--replace overwrites them)`);
  return target.writeTransaction(() => {
    for (const table of [...tables].reverse()) target.prepare(`DELETE FROM ${table}`).run();
    return tables.map((table) => ({ table, rows: copyTable(source, target, table) }));
  })();
}

function copyTable(source: Database.Database, target: Db, table: string): number {
  const columns = (source.pragma(`table_info(${JSON.stringify(table)})`) as Array<{ name: string }>).map((c) => c.name);
  const rows = source
    .prepare(`SELECT ${columns.join(", ")} FROM ${table} ORDER BY rowid`)
    .raw()
    .all() as unknown[][];
  const row = `(${placeholders(columns.length)})`;
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const chunk = rows.slice(i, i + ROWS_PER_INSERT);
    target
      .prepare(`INSERT INTO ${table} (${columns.join(", ")}) VALUES ${new Array<string>(chunk.length).fill(row).join(", ")}`)
      .run(...chunk.flat());
  }
  // Copied ids were written explicitly: the next generated id must come after them.
  if (target.dialect === "postgres" && columns.includes("id"))
    target.prepare(`SELECT setval(pg_get_serial_sequence(?, 'id'), COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM ${table}`).get(table);
  return rows.length;
}
