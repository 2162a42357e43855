/**
 * `bench sim`: one full 20-symbol simulated trading day (08:30–15:30) generated through
 * `advanceTo` at maximum speed, every trade formatted as an H0STCNT0 record. Reports trade
 * records per second (median and min–max of ≥ 5 runs after a warm-up) and records per day.
 */
import { fromKst, ManualClock } from "../core/clock.js";
import { FIELD_COUNT } from "../broker/kis/realtime-layouts.js";
import { REALTIME_TR } from "../broker/kis/endpoints.js";
import { createSimExchange } from "../sim/market/create-exchange.js";
import { DEFAULT_UNIVERSE } from "../sim/market/universe.js";
import { tradeRecord } from "../sim/wire/realtime-records.js";
import type { BenchResult } from "./index.js";

const GATE_RECORDS_PER_SECOND = 200_000;
const DAY = "20260303";

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  const value = i >= 0 ? Number(args[i + 1]) : fallback;
  return Number.isFinite(value) ? value : fallback;
}

interface DayRun {
  records: number;
  seconds: number;
  widthOk: boolean;
}

function simulateDay(seed: number): DayRun {
  const clock = new ManualClock(fromKst(DAY, "080000"));
  const exchange = createSimExchange({ seed, clock, symbols: DEFAULT_UNIVERSE.slice(0, 20), historyDays: 0 });
  let records = 0;
  let checksum = 0;
  let widthOk = true;
  exchange.on((event) => {
    if (event.kind !== "trade") return;
    const record = tradeRecord(event);
    // Reading a character flattens the concatenated string, as writing it to a socket would.
    checksum += record.charCodeAt(record.length >> 1);
    if (records++ % 50_000 === 0) widthOk &&= record.split("^").length === FIELD_COUNT[REALTIME_TR.trade.real];
  });
  const started = performance.now();
  exchange.advanceTo(fromKst(DAY, "153000"));
  const seconds = (performance.now() - started) / 1000;
  if (checksum === 0) widthOk = false;
  return { records, seconds, widthOk };
}

export async function run(args: string[]): Promise<BenchResult> {
  const seed = option(args, "seed", 20_260_303);
  const runs = Math.max(5, option(args, "runs", 5));
  simulateDay(seed);
  const results = Array.from({ length: runs }, () => simulateDay(seed));
  const rates = results.map((r) => r.records / r.seconds).sort((a, b) => a - b);
  const median = rates[Math.floor(rates.length / 2)] ?? 0;
  const recordsPerDay = results[0]?.records ?? 0;
  const deterministic = results.every((r) => r.records === recordsPerDay);
  const widthOk = results.every((r) => r.widthOk);
  return {
    name: "sim",
    pass: median >= GATE_RECORDS_PER_SECOND && deterministic && widthOk,
    recordsPerSecond: Math.round(median),
    recordsPerSecondMin: Math.round(rates[0] ?? 0),
    recordsPerSecondMax: Math.round(rates.at(-1) ?? 0),
    recordsPerDay,
    symbols: 20,
    runs,
    seed,
    gate: GATE_RECORDS_PER_SECOND,
    deterministic,
    fieldsPerRecordOk: widthOk,
  };
}
