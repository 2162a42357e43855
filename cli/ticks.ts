/**
 * `kis-agent ticks export --date YYYYMMDD [--out DIR] [--json]`: writes the day's recorded ticks
 * from the mode's database as the seed's CSV files (one per symbol, 44 columns) and lists them.
 */
import { statSync } from "node:fs";
import { join } from "node:path";
import { loadCommandConfig } from "../core/accounts.js";
import { AppError } from "../core/errors.js";
import { checkExportDate, exportTicksCsv } from "../market/csv-export.js";
import { isKrxTradingDay } from "../venue/krx-calendar.js";
import { openDatabase } from "../db/database.js";
import { databaseFile } from "../runtime/paths.js";
import type { Command } from "./index.js";
import { parseCommandArgs, printJson, printTable } from "./output.js";

const USAGE = `usage: kis-agent ticks export --date YYYYMMDD [--out DIR] [--json]

Writes {code}_44indicators_realtime_{YYYYMMDD}.csv for every symbol with ticks on that KST date.

options:
  --date YYYYMMDD  the KST date to export (required)
  --out DIR        where the files go (default: DATA_DIR/exports)
  --json           print one JSON document: date, directory, files with their rows and bytes
  --help           show this help`;

export const command: Command = {
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, {
      date: { type: "string" },
      out: { type: "string" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    });
    if (values.help || positionals[0] !== "export") {
      console.log(USAGE);
      return values.help ? 0 : 2;
    }
    if (values.date === undefined) throw new AppError("DATA_INVALID", "--date YYYYMMDD is required");
    // Checked before the database is opened: a bad date writes nothing anywhere.
    const date = checkExportDate(values.date);
    const config = loadCommandConfig();
    const directory = values.out ?? join(config.dataDir, "exports");
    // Ticks are recorded in this machine's SQLite file even when the ledger is in PostgreSQL.
    const ticks = openDatabase(databaseFile(config));
    try {
      const files = exportTicksCsv(ticks.raw, date, directory).map((f) => ({ ...f, bytes: statSync(f.path).size }));
      const note =
        files.length === 0 ? `no ticks recorded on ${date}${isKrxTradingDay(date) ? "" : " (not a KRX trading day)"}` : undefined;
      if (values.json) printJson({ date, directory, files, ...(note ? { note } : {}) });
      else if (note) console.log(note);
      else {
        printTable(
          ["symbol", "rows", "bytes", "file"],
          files.map((f) => [f.symbol, f.rows, f.bytes, f.path]),
        );
        console.log(`${files.length} file(s), ${files.reduce((n, f) => n + f.rows, 0)} rows written to ${directory}`);
      }
      return 0;
    } finally {
      ticks.close();
    }
  },
};
