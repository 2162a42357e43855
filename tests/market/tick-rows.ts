/** Hand-made seed-format tick rows and CSV files for the recorded-data tests. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fromKst } from "../../core/clock.js";
import { csvFileName, csvHeader, csvLine } from "../../market/csv-export.js";
import { COL, TICK_COLUMN_COUNT, type TickRow } from "../../market/indicators/columns.js";

export interface RowSpec {
  time: string;
  price: number;
  volume: number;
  /** best ask and bid with their quantities; deeper levels step by `tick` with quantity 1000 */
  ask?: [number, number];
  bid?: [number, number];
  tick?: number;
}

export function tickRow(code: string, date: string, spec: RowSpec): TickRow {
  const row: TickRow = new Array<number | string | null>(TICK_COLUMN_COUNT).fill(null);
  row[COL.time_ms] = fromKst(date, spec.time);
  row[COL.stock_code] = code;
  row[COL.current_price] = spec.price;
  row[COL.volume] = spec.volume;
  const tick = spec.tick ?? 100;
  if (spec.ask && spec.bid) {
    for (let i = 0; i < 5; i++) {
      row[COL.ask1 + i] = spec.ask[0] + i * tick;
      row[COL.bid1 + i] = spec.bid[0] - i * tick;
    }
    for (let i = 0; i < 3; i++) {
      row[COL.ask1_qty + i] = i === 0 ? spec.ask[1] : 1000;
      row[COL.bid1_qty + i] = i === 0 ? spec.bid[1] : 1000;
    }
  }
  return row;
}

/** Writes one collector CSV file of `rows`; returns its path. */
export function writeTickCsv(dir: string, code: string, date: string, specs: RowSpec[]): string {
  const path = join(dir, csvFileName(code, date));
  writeFileSync(path, `${[csvHeader(), ...specs.map((s) => csvLine(tickRow(code, date, s)))].join("\n")}\n`);
  return path;
}
