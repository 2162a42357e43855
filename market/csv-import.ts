/**
 * Reads the seed's collector CSV back (`{code}_44indicators_realtime_{YYYYMMDD}.csv`, the format
 * `ticks export` writes): the header must be the 44 seed column names in seed order, every line
 * 44 cells, `time` a KST "YYYY-MM-DD HH:MM:SS" on the file's date, `stock_code` the file's code,
 * price and volume positive, times never going back. Strict: the first bad line throws a
 * `CsvImportError` naming the file and the line, and nothing of that file (or directory) is kept.
 */
import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { fromKst } from "../core/clock.js";
import { AppError } from "../core/errors.js";
import { COL, TICK_COLUMN_COUNT, type TickRow } from "./indicators/columns.js";
import { checkExportDate, csvHeader } from "./csv-export.js";

const FILE_NAME = /^([0-9A-Z]{6})_44indicators_realtime_(\d{8})\.csv$/;
const TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** A malformed collector CSV: `file` and the 1-based `line` (0 for the file name itself). */
export class CsvImportError extends AppError {
  constructor(
    readonly file: string,
    readonly line: number,
    problem: string,
  ) {
    super("DATA_INVALID", `${file}${line > 0 ? `:${line}` : ""}: ${problem}`);
  }
}

export interface TickCsvFile {
  code: string;
  /** YYYYMMDD (KST) */
  date: string;
  path: string;
  /** rows in file order; `time` as epoch ms */
  rows: TickRow[];
}

/** Splits one CSV line into cells, honouring the double quotes `csvLine` writes around text with commas or quotes. */
function splitCells(line: string): string[] | undefined {
  const cells: string[] = [];
  let at = 0;
  for (;;) {
    if (line[at] === '"') {
      let text = "";
      let i = at + 1;
      for (;;) {
        const close = line.indexOf('"', i);
        if (close < 0) return undefined;
        text += line.slice(i, close);
        if (line[close + 1] !== '"') {
          i = close + 1;
          break;
        }
        text += '"';
        i = close + 2;
      }
      cells.push(text);
      if (i === line.length) return cells;
      if (line[i] !== ",") return undefined;
      at = i + 1;
    } else {
      const comma = line.indexOf(",", at);
      cells.push(comma < 0 ? line.slice(at) : line.slice(at, comma));
      if (comma < 0) return cells;
      at = comma + 1;
    }
  }
}

/** One data line as a row; a string naming the problem when it is not one. */
function parseLine(cells: string[], code: string, date: string): TickRow | string {
  if (cells.length !== TICK_COLUMN_COUNT) return `expected ${TICK_COLUMN_COUNT} cells, found ${cells.length}`;
  const time = TIME.exec(cells[0] ?? "");
  if (!time) return `expected time as YYYY-MM-DD HH:MM:SS, found '${cells[0]}'`;
  const rowDate = `${time[1]}${time[2]}${time[3]}`;
  if (rowDate !== date) return `expected a time on ${date} (the file's date), found '${cells[0]}'`;
  if (cells[1] !== code) return `expected stock_code ${code} (the file's code), found '${cells[1]}'`;
  const row: TickRow = new Array<number | string | null>(TICK_COLUMN_COUNT);
  row[COL.time_ms] = fromKst(date, `${time[4]}${time[5]}${time[6]}`);
  row[COL.stock_code] = code;
  for (let i = 2; i < TICK_COLUMN_COUNT; i++) {
    const text = cells[i] ?? "";
    if (text === "") {
      row[i] = null;
      continue;
    }
    const value = Number(text);
    if (!Number.isFinite(value)) return `expected a number or nothing in column ${i + 1}, found '${text}'`;
    row[i] = value;
  }
  const price = row[COL.current_price];
  const volume = row[COL.volume];
  if (typeof price !== "number" || price <= 0 || !Number.isInteger(price))
    return `expected a positive whole current_price, found '${cells[COL.current_price]}'`;
  if (typeof volume !== "number" || volume <= 0 || !Number.isInteger(volume))
    return `expected a positive whole volume, found '${cells[COL.volume]}'`;
  return row;
}

/** Reads one collector CSV file, all or nothing. */
export function readTicksCsv(path: string): TickCsvFile {
  const name = basename(path);
  const match = FILE_NAME.exec(name);
  if (!match) throw new CsvImportError(path, 0, "expected a file named {code}_44indicators_realtime_{YYYYMMDD}.csv");
  const [, code = "", date = ""] = match;
  try {
    checkExportDate(date);
  } catch {
    throw new CsvImportError(path, 0, `expected a calendar date in the name, found '${date}'`);
  }
  const lines = readFileSync(path, "utf8")
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/);
  if (lines.at(-1) === "") lines.pop();
  if (lines[0] !== csvHeader()) throw new CsvImportError(path, 1, "expected the 44 seed column names in seed order as the header");
  const rows: TickRow[] = [];
  let lastMs = 0;
  for (let i = 1; i < lines.length; i++) {
    const cells = splitCells(lines[i] ?? "");
    const row = cells ? parseLine(cells, code, date) : "unbalanced double quotes";
    if (typeof row === "string") throw new CsvImportError(path, i + 1, row);
    const timeMs = row[COL.time_ms] as number;
    if (timeMs < lastMs) throw new CsvImportError(path, i + 1, "time goes back: rows must be in time order");
    lastMs = timeMs;
    rows.push(row);
  }
  return { code, date, path, rows };
}

/** Every collector CSV in `dir` (other files are ignored), sorted by code then date; one bad file fails the whole directory. */
export function readTicksCsvDir(dir: string): TickCsvFile[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    throw new AppError("DATA_INVALID", `Expected a directory of collector CSV files, cannot read ${dir}`, { cause: err });
  }
  const files = names.filter((n) => n.endsWith(".csv") && n.includes("_44indicators_realtime_")).sort();
  if (files.length === 0)
    throw new AppError("DATA_INVALID", `Expected {code}_44indicators_realtime_{YYYYMMDD}.csv files in ${dir}, found none`);
  return files.map((n) => readTicksCsv(join(dir, n)));
}
