/**
 * Where the simulator's market comes from (`MarketDataSpec`) and the loader that turns a spec into
 * the recorded market it plays (undefined: the seeded generator). Sources:
 *  - `csv`: a directory of the seed's collector CSV files (`ticks export` writes them);
 *  - `recorded`: the tick store `start` fills (the `ticks` table of a kis-agent SQLite file);
 *  - `history`: `DATA_DIR/history/` as `history fetch` stores it (minute bars, one print a minute).
 * Daily bars before the period come from a history directory (`historyDir`, or the `history`
 * source's own); without one the first recorded price stands in for the previous close and
 * indicators that need past days start empty.
 */
import Database from "better-sqlite3";
import { fromKst, kstParts } from "../../core/clock.js";
import { AppError } from "../../core/errors.js";
import { readTicksCsvDir } from "../../market/csv-import.js";
import { listHistory, readDailyBars, readMinuteBars } from "../../market/history-files.js";
import { TICK_COLUMNS, type TickRow } from "../../market/indicators/columns.js";
import type { Bar, SymbolInfo } from "../exchange.js";
import { printsFromMinuteBars, printsFromTickRows, type RecordedDay, type RecordedMarket } from "./recorded-tape.js";
import { DEFAULT_UNIVERSE } from "./universe.js";

export type MarketDataSpec =
  /** the seeded generator; `symbols` narrows the default listing to these codes */
  | { kind: "generated"; symbols?: string[] }
  | { kind: "csv"; dir: string; historyDir?: string }
  | { kind: "recorded"; dbPath: string; historyDir?: string }
  | { kind: "history"; dir: string };

/** Where a spec's market comes from, as reports name it. */
export function marketSource(spec: MarketDataSpec): string {
  switch (spec.kind) {
    case "generated":
      return "generated";
    case "csv":
      return `csv ${spec.dir}`;
    case "recorded":
      return `tick store ${spec.dbPath}`;
    case "history":
      return `history ${spec.dir}`;
  }
}

/** Shares outstanding assumed for a code outside the default listing (its weight in the derived index). */
const UNKNOWN_SHARES = 100_000_000;

function dailyBarsOf(dir: string | undefined, codes: Iterable<string>): Map<string, Bar[]> {
  const bars = new Map<string, Bar[]>();
  if (dir === undefined) return bars;
  for (const code of codes) bars.set(code, readDailyBars(dir, code));
  return bars;
}

function fromCsv(dir: string, historyDir?: string): RecordedMarket {
  const days = readTicksCsvDir(dir).map((f): RecordedDay => ({ code: f.code, date: f.date, prints: printsFromTickRows(f.rows) }));
  return { source: marketSource({ kind: "csv", dir }), days, dailyBars: dailyBarsOf(historyDir, new Set(days.map((d) => d.code))) };
}

function fromTickStore(dbPath: string, historyDir?: string): RecordedMarket {
  let db: Database.Database;
  try {
    db = new Database(dbPath, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new AppError("DATA_INVALID", `Expected a kis-agent database with recorded ticks, cannot open ${dbPath}`, { cause: err });
  }
  try {
    const columns = TICK_COLUMNS.map((c) => c.sql).join(",");
    const rows = db.prepare(`SELECT ${columns} FROM ticks ORDER BY stock_code, time_ms, rowid`).raw().all() as TickRow[];
    const byDay = new Map<string, TickRow[]>();
    for (const row of rows) {
      const key = `${row[1] as string}|${kstParts(row[0] as number).date}`;
      const list = byDay.get(key);
      if (list) list.push(row);
      else byDay.set(key, [row]);
    }
    const days = [...byDay].map(([key, list]): RecordedDay => {
      const [code = "", date = ""] = key.split("|");
      return { code, date, prints: printsFromTickRows(list) };
    });
    if (days.length === 0) throw new AppError("DATA_INVALID", `Expected recorded ticks in ${dbPath}, found none`);
    return {
      source: marketSource({ kind: "recorded", dbPath }),
      days,
      dailyBars: dailyBarsOf(historyDir, new Set(days.map((d) => d.code))),
    };
  } finally {
    db.close();
  }
}

function fromHistory(dir: string): RecordedMarket {
  const { codes, minuteDays } = listHistory(dir);
  const days: RecordedDay[] = [];
  for (const [code, dates] of minuteDays) {
    for (const date of dates) {
      const prints = printsFromMinuteBars(readMinuteBars(dir, code, date), (b) => fromKst(date, b.time ?? "000000"));
      days.push({ code, date, prints });
    }
  }
  if (days.length === 0)
    throw new AppError("DATA_INVALID", `Expected minute history in ${dir}/minute (run kis-agent history fetch), found none`);
  return { source: marketSource({ kind: "history", dir }), days, dailyBars: dailyBarsOf(dir, new Set([...codes, ...minuteDays.keys()])) };
}

/** The recorded market a spec names, read in full (strict), or undefined for the generator. */
export function loadMarketData(spec: MarketDataSpec): RecordedMarket | undefined {
  switch (spec.kind) {
    case "generated":
      return undefined;
    case "csv":
      return fromCsv(spec.dir, spec.historyDir);
    case "recorded":
      return fromTickStore(spec.dbPath, spec.historyDir);
    case "history":
      return fromHistory(spec.dir);
  }
}

/** The default listing narrowed to `codes` (unknown codes are an error). */
export function listingOf(codes: readonly string[]): SymbolInfo[] {
  return codes.map((code) => {
    const info = DEFAULT_UNIVERSE.find((s) => s.code === code);
    if (!info) throw new AppError("DATA_INVALID", `Expected codes of the simulator's listing, received ${code}`);
    return info;
  });
}

/**
 * The listing of a recording as of `firstDay`: every recorded code (names, market and shares from
 * the default listing when known), its previous close the last daily bar before `firstDay`, else
 * its first recorded price.
 */
export function recordedSymbols(market: RecordedMarket, firstDay: string): SymbolInfo[] {
  const codes = [...new Set(market.days.map((d) => d.code))].sort();
  return codes.map((code) => {
    const known = DEFAULT_UNIVERSE.find((s) => s.code === code);
    const before = (market.dailyBars.get(code) ?? []).filter((b) => b.date < firstDay).at(-1);
    const first = market.days.filter((d) => d.code === code && d.prints.length > 0).sort((a, b) => a.date.localeCompare(b.date))[0]
      ?.prints[0];
    const previousCloseKrw = before?.closeKrw ?? first?.priceKrw ?? known?.previousCloseKrw ?? 1;
    return {
      code,
      name: known?.name ?? code,
      market: known?.market ?? "KOSPI",
      sharesOutstanding: known?.sharesOutstanding ?? UNKNOWN_SHARES,
      previousCloseKrw,
    };
  });
}
