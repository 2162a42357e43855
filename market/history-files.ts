/**
 * KIS history stored as plain files under `DATA_DIR/history/` (what `history fetch` writes and a
 * history backtest reads): `daily/{code}.csv` (date,open,high,low,close,volume,value — one row per
 * trading day, oldest first) and `minute/{code}/{YYYYMMDD}.csv` (time,open,high,low,close,volume,
 * value — one row per traded minute, `time` the minute's start HHMMSS). A file is written to a
 * temporary name and renamed, so an interrupted fetch leaves whole files only; a symbol-day is
 * stored once its minute file exists. Reading is strict: a bad line is a `CsvImportError`.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Bar } from "../core/types.js";
import { CsvImportError } from "./csv-import.js";

const DAILY_HEADER = "date,open,high,low,close,volume,value";
const MINUTE_HEADER = "time,open,high,low,close,volume,value";
const DATE = /^\d{8}$/;
const TIME = /^\d{6}$/;

export const dailyFile = (dir: string, code: string): string => join(dir, "daily", `${code}.csv`);
export const minuteFile = (dir: string, code: string, date: string): string => join(dir, "minute", code, `${date}.csv`);

function writeAtomically(path: string, lines: string[]): void {
  mkdirSync(join(path, ".."), { recursive: true });
  const temporary = `${path}.partial`;
  writeFileSync(temporary, `${lines.join("\n")}\n`);
  renameSync(temporary, path);
}

const barLine = (key: string, b: Bar) => [key, b.openKrw, b.highKrw, b.lowKrw, b.closeKrw, b.volume, b.tradeValueKrw].join(",");

/** Merges `bars` into the symbol's daily file (a date already stored is replaced). */
export function writeDailyBars(dir: string, code: string, bars: readonly Bar[]): void {
  const byDate = new Map(readDailyBars(dir, code).map((b) => [b.date, b]));
  for (const b of bars) byDate.set(b.date, b);
  const sorted = [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date));
  writeAtomically(dailyFile(dir, code), [DAILY_HEADER, ...sorted.map((b) => barLine(b.date, b))]);
}

export function writeMinuteBars(dir: string, code: string, date: string, bars: readonly Bar[]): void {
  const sorted = [...bars].sort((a, b) => (a.time ?? "").localeCompare(b.time ?? ""));
  writeAtomically(minuteFile(dir, code, date), [MINUTE_HEADER, ...sorted.map((b) => barLine(b.time ?? "", b))]);
}

export const hasMinuteBars = (dir: string, code: string, date: string): boolean => existsSync(minuteFile(dir, code, date));

function readBars(path: string, header: string, key: RegExp, toBar: (key: string, values: number[]) => Bar): Bar[] {
  if (!existsSync(path)) return [];
  const lines = readFileSync(path, "utf8").split(/\r?\n/);
  if (lines.at(-1) === "") lines.pop();
  if (lines[0] !== header) throw new CsvImportError(path, 1, `expected the header ${header}`);
  return lines.slice(1).map((line, i) => {
    const [k = "", ...rest] = line.split(",");
    const values = rest.map(Number);
    if (!key.test(k))
      throw new CsvImportError(path, i + 2, `expected ${key === DATE ? "a date YYYYMMDD" : "a time HHMMSS"} first, found '${k}'`);
    if (values.length !== 6 || values.some((v) => !Number.isFinite(v) || v < 0))
      throw new CsvImportError(path, i + 2, "expected six non-negative numbers after the key");
    return toBar(k, values);
  });
}

const bar = (date: string, [o, h, l, c, v, value]: number[], time?: string): Bar => ({
  date,
  ...(time !== undefined ? { time } : {}),
  openKrw: o!,
  highKrw: h!,
  lowKrw: l!,
  closeKrw: c!,
  volume: v!,
  tradeValueKrw: value!,
});

export function readDailyBars(dir: string, code: string): Bar[] {
  return readBars(dailyFile(dir, code), DAILY_HEADER, DATE, (date, values) => bar(date, values));
}

export function readMinuteBars(dir: string, code: string, date: string): Bar[] {
  return readBars(minuteFile(dir, code, date), MINUTE_HEADER, TIME, (time, values) => bar(date, values, time));
}

/** Codes with daily bars, and each code's stored minute days. */
export function listHistory(dir: string): { codes: string[]; minuteDays: Map<string, string[]> } {
  const list = (path: string) => (existsSync(path) ? readdirSync(path).sort() : []);
  const codes = list(join(dir, "daily"))
    .filter((f) => f.endsWith(".csv"))
    .map((f) => f.slice(0, -4));
  const minuteDays = new Map<string, string[]>();
  for (const code of list(join(dir, "minute"))) {
    minuteDays.set(
      code,
      list(join(dir, "minute", code))
        .filter((f) => /^\d{8}\.csv$/.test(f))
        .map((f) => f.slice(0, 8)),
    );
  }
  return { codes, minuteDays };
}
