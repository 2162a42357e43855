/**
 * CSV export of a day's ticks in the seed's format: one file per symbol named
 * `{code}_44indicators_realtime_{YYYYMMDD}.csv`, header = the 44 seed column names in seed order,
 * `time` as KST "YYYY-MM-DD HH:MM:SS", unknown values empty.
 */
import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import { formatKstIso, fromKst } from "../core/clock.js";
import { AppError } from "../core/errors.js";
import type Database from "better-sqlite3";
import { TICK_COLUMNS, type TickRow } from "./indicators/columns.js";

const DAY_MS = 86_400_000;

export const csvHeader = (): string => TICK_COLUMNS.map((c) => c.csv).join(",");

export const csvFileName = (code: string, date: string): string => `${code}_44indicators_realtime_${date}.csv`;

function cell(value: number | string | null | undefined): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV line for a row in column order; pure. */
export function csvLine(row: TickRow): string {
  const out = new Array<string>(row.length);
  out[0] = typeof row[0] === "number" ? formatKstIso(row[0]).slice(0, 19).replace("T", " ") : cell(row[0]);
  for (let i = 1; i < row.length; i++) out[i] = cell(row[i]);
  return out.join(",");
}

export interface ExportedFile {
  symbol: string;
  path: string;
  /** data rows, header excluded */
  rows: number;
}

/** A real calendar date as YYYYMMDD, or DATA_INVALID naming what was received. */
export function checkExportDate(date: string): string {
  const [y, m, d] = [Number(date.slice(0, 4)), Number(date.slice(4, 6)), Number(date.slice(6, 8))];
  const real = /^\d{8}$/.test(date) && m >= 1 && m <= 12 && d >= 1 && new Date(Date.UTC(y, m - 1, d)).getUTCDate() === d;
  if (!real) throw new AppError("DATA_INVALID", `Expected a calendar date as YYYYMMDD such as 20261123, received '${date}'`);
  return date;
}

/** Writes one file per symbol with ticks on `date` (YYYYMMDD, KST); returns the files written. */
export function exportTicksCsv(db: Database.Database, date: string, outDir: string): ExportedFile[] {
  checkExportDate(date);
  const fromMs = fromKst(date);
  const toMs = fromMs + DAY_MS;
  const columns = TICK_COLUMNS.map((c) => c.sql).join(",");
  const codes = db
    .prepare("SELECT DISTINCT stock_code FROM ticks WHERE time_ms >= ? AND time_ms < ? ORDER BY stock_code")
    .pluck()
    .all(fromMs, toMs) as string[];
  const rowsOf = db
    .prepare(`SELECT ${columns} FROM ticks WHERE stock_code = ? AND time_ms >= ? AND time_ms < ? ORDER BY time_ms, rowid`)
    .raw();
  mkdirSync(outDir, { recursive: true });
  return codes.map((code) => {
    const path = join(outDir, csvFileName(code, date));
    const fd = openSync(path, "w");
    let rows = 0;
    try {
      let pending: string[] = [csvHeader()];
      for (const row of rowsOf.iterate(code, fromMs, toMs) as Iterable<TickRow>) {
        rows++;
        pending.push(csvLine(row));
        if (pending.length >= 1_000) {
          writeSync(fd, `${pending.join("\n")}\n`);
          pending = [];
        }
      }
      if (pending.length > 0) writeSync(fd, `${pending.join("\n")}\n`);
    } finally {
      closeSync(fd);
    }
    return { symbol: code, path, rows };
  });
}
