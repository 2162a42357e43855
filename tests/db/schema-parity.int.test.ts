/**
 * One schema on both backends: every SQLite migration has its PostgreSQL twin, and after migrating
 * both, the tables, columns (and NOT NULL), primary keys, unique keys and named indexes agree.
 * The comparison needs PostgreSQL (DATABASE_URL, `npm run test:pg`); the twin check does not.
 */
import { readdirSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import type { SqliteDb } from "../../db/database.js";
import type { Db } from "../../db/db.js";
import { MIGRATIONS_DIR } from "../../db/database.js";
import { POSTGRES_MIGRATIONS_DIR } from "../../db/postgres/migrate.js";
import { openTempDb, openTestLedger, type TempDb, type TestLedger } from "./temp-db.js";

interface TableShape {
  columns: string[];
  primaryKey: string;
  uniqueKeys: string[];
  indexes: string[];
}
type Shape = Record<string, TableShape>;

/** Bookkeeping that differs by design: SQLite keeps its version in PRAGMA user_version. */
const BOOKKEEPING = new Set(["schema_migrations"]);

function sqliteShape(db: SqliteDb): Shape {
  const raw = db.raw;
  const tables = raw
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .all()
    .map((r) => r.name);
  const shape: Shape = {};
  for (const table of tables) {
    const columns = raw.pragma(`table_info(${table})`) as Array<{ name: string; notnull: number; pk: number }>;
    const indexes = raw.pragma(`index_list(${table})`) as Array<{ name: string; unique: number; origin: string }>;
    const columnsOf = (index: string) => (raw.pragma(`index_info(${index})`) as Array<{ name: string }>).map((c) => c.name).join(",");
    shape[table] = {
      columns: columns.map((c) => `${c.name}${c.notnull || c.pk ? " not null" : ""}`).sort(),
      primaryKey: columns
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name)
        .join(","),
      uniqueKeys: indexes
        .filter((i) => i.unique && i.origin !== "pk")
        .map((i) => columnsOf(i.name))
        .sort(),
      indexes: indexes
        .filter((i) => i.origin === "c")
        .map((i) => `${i.name}(${columnsOf(i.name)})${i.unique ? " unique" : ""}`)
        .sort(),
    };
  }
  return shape;
}

function postgresShape(db: Db): Shape {
  const columns = db
    .prepare<[], { table_name: string; column_name: string; is_nullable: string }>(
      "SELECT table_name, column_name, is_nullable FROM information_schema.columns WHERE table_schema = current_schema()",
    )
    .all();
  const indexes = db
    .prepare<[], { table: string; name: string; unique: boolean; primary: boolean; owned: boolean; columns: string }>(
      `SELECT t.relname AS table, i.relname AS name, x.indisunique AS unique, x.indisprimary AS primary,
         EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid) AS owned,
         (SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(x.indkey) WITH ORDINALITY AS k(attnum, ord)
            JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum) AS columns
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = current_schema()`,
    )
    .all();
  const shape: Shape = {};
  for (const table of new Set(columns.map((c) => c.table_name))) {
    const own = indexes.filter((i) => i.table === table);
    shape[table] = {
      columns: columns
        .filter((c) => c.table_name === table)
        .map((c) => `${c.column_name}${c.is_nullable === "NO" ? " not null" : ""}`)
        .sort(),
      primaryKey: own.find((i) => i.primary)?.columns ?? "",
      uniqueKeys: own
        .filter((i) => i.unique && !i.primary)
        .map((i) => i.columns)
        .sort(),
      indexes: own
        .filter((i) => !i.owned)
        .map((i) => `${i.name}(${i.columns})${i.unique ? " unique" : ""}`)
        .sort(),
    };
  }
  return shape;
}

const versions = (dir: string) =>
  readdirSync(dir)
    .filter((f) => /^\d{4}-[\w-]+\.sql$/.test(f))
    .map((f) => f.slice(0, 4));

describe("schema parity", () => {
  let sqlite: TempDb | undefined;
  let pg: TestLedger | undefined;
  afterEach(() => {
    sqlite?.dispose();
    pg?.dispose();
  });

  it("has a PostgreSQL twin, same number, for every SQLite migration and no other", () => {
    expect(versions(POSTGRES_MIGRATIONS_DIR)).toEqual(versions(MIGRATIONS_DIR));
  });

  it.skipIf(!process.env.DATABASE_URL)("migrates SQLite and PostgreSQL to the same tables, columns, keys and indexes", () => {
    sqlite = openTempDb();
    pg = openTestLedger();
    const fromPg = postgresShape(pg.db);
    for (const table of BOOKKEEPING) delete fromPg[table];
    expect(fromPg).toEqual(sqliteShape(sqlite.db));
  });
});
