/**
 * `kis-agent db migrate [--env real|paper|sim] [--json]` brings the configured ledger (DATABASE_URL's
 * PostgreSQL, else the mode's SQLite file) to the latest schema and reports its versions;
 * `kis-agent db copy --to postgres://… [--schema NAME] [--replace] [--json]` copies the mode's SQLite
 * ledger into PostgreSQL in one transaction. Needs no KIS keys.
 */
import { existsSync } from "node:fs";
import { AppError } from "../core/errors.js";
import { maskUrl } from "../core/mask-url.js";
import { copyLedger } from "../db/copy-ledger.js";
import { loadMigrations, migrate as migrateSqliteFile, openConnection, openDatabase } from "../db/database.js";
import { sqliteLedgerFile } from "../db/open-ledger.js";
import { openPostgres, openPostgresMigrated } from "../db/postgres/open-postgres.js";
import { checkSchemaName } from "../db/postgres/schema-name.js";
import { ledgerConfigOf } from "../runtime/mode.js";
import type { AppConfig } from "../core/config.js";
import type { Command } from "./index.js";
import { parseCommandArgs, printJson, printTable } from "./output.js";

const USAGE = `usage: kis-agent db migrate [--env real|paper|sim] [--json]
       kis-agent db copy --to postgres://user:password@host:5432/db [--schema NAME] [--replace] [--env …] [--json]

migrate  applies the migrations the configured ledger lacks: PostgreSQL when DATABASE_URL is set
         (schema DATABASE_SCHEMA), else DATA_DIR/kis-agent.<mode>.sqlite; prints its versions
copy     copies the mode's SQLite ledger into PostgreSQL (migrated first), every table in one
         transaction, and prints the rows per table. Ticks stay in the SQLite file and LangGraph
         checkpoints are not copied: finish or expire runs waiting for approval first.

options:
  --env MODE     the mode whose ledger (default: KIS_ENV, else sim)
  --to URL       copy: the PostgreSQL database to copy into
  --schema NAME  copy: the schema there (default: DATABASE_SCHEMA, else public)
  --replace      copy: overwrite a target that already has ledger rows (refused otherwise)
  --json         print one JSON document
  --help         show this help`;

export const command: Command = {
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, {
      env: { type: "string" },
      to: { type: "string" },
      schema: { type: "string" },
      replace: { type: "boolean", default: false },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    });
    const action = positionals[0];
    if (values.help || (action !== "migrate" && action !== "copy")) {
      console.log(USAGE);
      return values.help ? 0 : 2;
    }
    const config = ledgerConfigOf(values.env);
    if (action === "migrate") return migrate(config, values.json);
    if (!values.to || !/^postgres(ql)?:\/\//.test(values.to))
      throw new AppError("DATA_INVALID", "db copy: --to postgres://user:password@host:5432/database is required");
    return copy(config, { url: values.to, schema: checkSchemaName(values.schema ?? config.database.schema) }, values);
  },
};

interface MigrateReport {
  backend: "sqlite" | "postgres";
  /** the file, or the masked URL and schema */
  location: string;
  /** versions this command applied */
  applied: number[];
  /** the schema version now */
  version: number;
}

function migrate(config: AppConfig, json: boolean): number {
  const report = config.database.url ? migratePg(config.database.url, config.database.schema) : migrateSqlite(sqliteLedgerFile(config));
  if (json) printJson(report);
  else
    console.log(
      `${report.backend} ${report.location}: schema version ${report.version}${report.applied.length ? ` (applied ${report.applied.join(", ")})` : " (up to date)"}`,
    );
  return 0;
}

function migratePg(url: string, schema: string): MigrateReport {
  const { db, migrations } = openPostgresMigrated({ url, schema });
  db.close();
  return {
    backend: "postgres",
    location: `${maskUrl(url)} schema ${schema}`,
    applied: migrations.applied,
    version: migrations.versions.at(-1) ?? 0,
  };
}

function migrateSqlite(file: string): MigrateReport {
  const raw = openConnection(file);
  try {
    const before = raw.pragma("user_version", { simple: true }) as number;
    raw.pragma("foreign_keys = ON");
    const after = migrateSqliteFile(raw);
    const applied = loadMigrations()
      .map((m) => m.version)
      .filter((v) => v > before && v <= after);
    return { backend: "sqlite", location: file, applied, version: after };
  } finally {
    raw.close();
  }
}

function copy(config: AppConfig, target: { url: string; schema: string }, options: { replace: boolean; json: boolean }): number {
  const file = sqliteLedgerFile(config);
  if (!existsSync(file)) throw new AppError("NOT_FOUND", `No SQLite ledger at ${file} (--env / --data-dir)`);
  const source = openDatabase(file);
  try {
    const db = openPostgres(target);
    try {
      const tables = copyLedger(source.raw, db, { replace: options.replace });
      const to = `${maskUrl(target.url)} schema ${target.schema}`;
      if (options.json) printJson({ from: file, to, tables, checkpoints: "not copied" });
      else {
        printTable(
          ["table", "rows"],
          tables.map((t) => [t.table, t.rows]),
        );
        console.log(`copied ${file} to ${to}; ticks stay in the SQLite file, checkpoints were not copied`);
      }
      return 0;
    } finally {
      db.close();
    }
  } finally {
    source.close();
  }
}
