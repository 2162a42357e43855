/**
 * Fetches daily and minute history into `DATA_DIR/history/` (history-files.ts) through the broker's
 * typed client, so its rate limiter paces every request. Resumable: a symbol-day whose minute file
 * exists is skipped, and daily bars already reaching from before the period to its last day are
 * not asked again, so an interrupted fetch picks up where it stopped. A day still trading is not stored.
 */
import { addDays, type Clock, fromKst } from "../core/clock.js";
import { AppError } from "../core/errors.js";
import type { Bar } from "../core/types.js";
import { checkExportDate } from "./csv-export.js";
import { readDailyBars, hasMinuteBars, writeDailyBars, writeMinuteBars } from "./history-files.js";
import { isKrxTradingDay } from "../venue/krx-calendar.js";
import { KRX_CODE_PATTERN } from "../venue/krx.js";

export interface HistorySource {
  getDailyBars(symbol: string, range: { from: string; to: string }): Promise<Bar[]>;
  getMinuteBarsOfDay(symbol: string, date: string): Promise<Bar[]>;
}

export interface HistoryFetchOptions {
  dir: string;
  symbols: readonly string[];
  /** YYYYMMDD, inclusive */
  from: string;
  to: string;
  /** calendar days of daily bars before `from` (indicators need about 120 trading days) @defaultValue 200 */
  lookbackDays?: number;
  clock: Clock;
  onProgress?: (progress: HistoryProgress) => void;
}

export interface HistoryProgress {
  symbol: string;
  /** YYYYMMDD, or "daily" for the daily bars */
  date: string;
  action: "fetched" | "skipped";
  done: number;
  total: number;
}

export interface HistoryFetchResult {
  dir: string;
  symbols: string[];
  from: string;
  to: string;
  /** symbol-days fetched now, skipped as already stored, and the minute bars written */
  fetched: number;
  skipped: number;
  minuteBars: number;
  dailyBars: number;
}

/** Symbols and dates checked before any request: a bad argument fetches nothing. */
export function checkHistoryArgs(symbols: readonly string[], from: string, to: string): void {
  if (symbols.length === 0) throw new AppError("DATA_INVALID", "Expected --symbols with at least one 6-character KRX code such as 005930");
  for (const s of symbols)
    if (!KRX_CODE_PATTERN.test(s)) throw new AppError("DATA_INVALID", `Expected 6-character KRX codes such as 005930, received '${s}'`);
  checkExportDate(from);
  checkExportDate(to);
  if (from > to) throw new AppError("DATA_INVALID", `Expected --from on or before --to, received ${from} > ${to}`);
}

/** Trading days from `from` to `to` that are over (closed) at `nowMs`. */
function closedTradingDays(from: string, to: string, nowMs: number): string[] {
  const days: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) if (isKrxTradingDay(d) && fromKst(d, "153000") < nowMs) days.push(d);
  return days;
}

export async function fetchHistory(source: HistorySource, options: HistoryFetchOptions): Promise<HistoryFetchResult> {
  checkHistoryArgs(options.symbols, options.from, options.to);
  const days = closedTradingDays(options.from, options.to, options.clock.now());
  const lookbackFrom = addDays(options.from, -(options.lookbackDays ?? 200));
  const total = options.symbols.length * (days.length + 1);
  const result: HistoryFetchResult = {
    dir: options.dir,
    symbols: [...options.symbols],
    from: options.from,
    to: options.to,
    fetched: 0,
    skipped: 0,
    minuteBars: 0,
    dailyBars: 0,
  };
  let done = 0;
  const report = (symbol: string, date: string, action: HistoryProgress["action"]) => {
    result[action]++;
    options.onProgress?.({ symbol, date, action, done: ++done, total });
  };
  for (const symbol of options.symbols) {
    const stored = readDailyBars(options.dir, symbol);
    const covered =
      stored.length > 0 && stored[0]!.date < options.from && (days.length === 0 || stored.some((b) => b.date === days.at(-1)));
    if (covered) report(symbol, "daily", "skipped");
    else {
      const bars = await source.getDailyBars(symbol, { from: lookbackFrom, to: days.at(-1) ?? options.to });
      writeDailyBars(options.dir, symbol, bars);
      result.dailyBars += bars.length;
      report(symbol, "daily", "fetched");
    }
    for (const date of days) {
      if (hasMinuteBars(options.dir, symbol, date)) {
        report(symbol, date, "skipped");
        continue;
      }
      const bars = await source.getMinuteBarsOfDay(symbol, date);
      // Nothing back (a suspended day, or one the source has not closed yet) is asked again next time.
      if (bars.length > 0) writeMinuteBars(options.dir, symbol, date, bars);
      result.minuteBars += bars.length;
      report(symbol, date, "fetched");
    }
  }
  return result;
}
