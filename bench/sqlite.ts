/**
 * bench:sqlite — the production tick writer (market/tick-writer.ts, batched transactions, multi-row
 * positional inserts) against single autocommit inserts, on seeded 44-column rows in a fresh WAL
 * file per run. Gates: ≥ 3× single inserts, ≤ 400 bytes per row on disk with the index, rows equal.
 * Also reported, not gated: what an order intent's durable write (db/durable.ts, synchronous=FULL)
 * costs against the same write at the database's synchronous=NORMAL.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BenchResult } from "./index.js";
import { openDatabase, writeTransaction, type SqliteDb } from "../db/database.js";
import { durableTransaction } from "../db/durable.js";
import { createIntentsRepo } from "../db/intents-repo.js";
import type { TickRow } from "../market/indicators/columns.js";
import { SymbolIndicators } from "../market/indicators/symbol-indicators.js";
import { TickWriter } from "../market/tick-writer.js";
import { seededRandom, symbolCodes } from "../sim/wire/frame-generator.js";
import { runsArg, summarize, timeMs } from "./naive/stats.js";
import { insertOneByOne } from "./naive/single-insert.js";

const SEED = 20_260_105;
const BATCH_ROWS = 100_000;
const SINGLE_ROWS = 20_000;

function seededRows(n: number): TickRow[] {
  const rnd = seededRandom(SEED);
  const symbols = symbolCodes(40);
  const states = symbols.map((s) => new SymbolIndicators(s));
  const prices = symbols.map((_, i) => 10_000 + i * 1_000);
  const rows: TickRow[] = [];
  for (let i = 0; i < n; i++) {
    const k = Math.floor(rnd() * symbols.length);
    const price = (prices[k] = Math.max(1_000, (prices[k] ?? 10_000) + (Math.floor(rnd() * 3) - 1) * 10));
    const state = states[k];
    if (state === undefined) continue;
    state.onTrade({
      symbol: state.symbol,
      exchangeTimeMs: 1_767_574_800_000 + i * 50,
      receivedAtMs: 0,
      priceKrw: price,
      changeKrw: 0,
      changeRate: 0,
      openKrw: 0,
      highKrw: 0,
      lowKrw: 0,
      volume: 1 + Math.floor(rnd() * 500),
      cumulativeVolume: 0,
      cumulativeValueKrw: 0,
      askKrw: price + 10,
      bidKrw: price,
      askQuantity: 100,
      bidQuantity: 120,
      totalAskQuantity: 5_000,
      totalBidQuantity: 6_000,
      buyPower: 100,
      cumulativeBuyVolume: 1,
      cumulativeSellVolume: 1,
      aggressor: "buy",
      halted: false,
      viActive: false,
      viReferencePriceKrw: 0,
    });
    if (i % 3 === 0) state.setInvestorFlows({ individual: 1_000 - i, foreign: i % 997, institution: -(i % 991) });
    rows.push(state.toRow());
  }
  return rows;
}

function withDb<T>(fn: (db: SqliteDb) => T): T {
  const dir = mkdtempSync(join(tmpdir(), "bench-sqlite-"));
  const file = join(dir, "ticks.sqlite");
  const db = openDatabase(file);
  try {
    return fn(db);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const count = (db: SqliteDb) => db.raw.prepare("SELECT COUNT(*) FROM ticks").pluck().get() as number;

const INTENT_WRITES = 200;

/** Median ms per intent insert + NEW→SENT, each its own transaction, durable or not. */
function intentWriteMs(durable: boolean): number {
  return withDb((db) => {
    const intents = createIntentsRepo(db);
    const tx = (durable ? durableTransaction : writeTransaction)(db, (i: number) => {
      intents.insert(
        { intentKey: `k${i}`, runId: "bench", symbol: "005930", side: "buy", quantity: 1, type: "limit", limitPriceKrw: 70_000 },
        i,
      );
      intents.transition(`k${i}`, "SENT", { sentAtMs: i }, i, "NEW");
    });
    const times: number[] = [];
    for (let i = 0; i < INTENT_WRITES; i++) times.push(timeMs(() => tx(i)));
    return summarize(times, 3).median;
  });
}

export async function run(args: string[]): Promise<BenchResult> {
  const runs = runsArg(args, 5);
  const rows = seededRows(BATCH_ROWS);
  const singleRows = rows.slice(0, SINGLE_ROWS);
  const writerRate: number[] = [];
  const singleRate: number[] = [];
  const bytesPerRow: number[] = [];
  let countsMatch = true;
  for (let r = 0; r < runs; r++) {
    withDb((db) => {
      const writer = new TickWriter(db, { batchRows: 1_000, flushIntervalMs: 60_000 });
      const ms = timeMs(() => {
        for (const row of rows) writer.write(row);
        writer.close();
      });
      writerRate.push(rows.length / (ms / 1000));
      countsMatch &&= count(db) === rows.length;
      db.raw.pragma("wal_checkpoint(TRUNCATE)");
      const pages = db.raw.pragma("page_count", { simple: true }) as number;
      const pageSize = db.raw.pragma("page_size", { simple: true }) as number;
      const baseline = db.raw.prepare("SELECT SUM(pgsize) FROM dbstat WHERE name NOT IN ('ticks', 'ticks_code_time')").pluck().get() as
        number | null;
      bytesPerRow.push((pages * pageSize - (baseline ?? 0)) / rows.length);
    });
    withDb((db) => {
      const ms = timeMs(() => insertOneByOne(db, singleRows));
      singleRate.push(singleRows.length / (ms / 1000));
      countsMatch &&= count(db) === singleRows.length;
    });
  }
  const ratio = summarize(writerRate.map((w, i) => w / (singleRate[i] ?? 1)));
  const bytes = summarize(bytesPerRow, 1);
  const pass = countsMatch && ratio.median >= 3 && bytes.max <= 400;
  const intentWrite = { durableMs: intentWriteMs(true), normalMs: intentWriteMs(false) };
  return {
    name: "sqlite",
    pass,
    seed: SEED,
    runs,
    rows: rows.length,
    singleRows: singleRows.length,
    countsMatch,
    gates: { ratio: ">= 3", bytesPerRow: "<= 400" },
    writerRowsPerSec: summarize(writerRate, 0),
    singleRowsPerSec: summarize(singleRate, 0),
    ratio,
    bytesPerRow: bytes,
    intentWrite,
  };
}
