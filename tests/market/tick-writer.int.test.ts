import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type SqliteDb } from "../../db/database.js";
import { csvHeader, exportTicksCsv } from "../../market/csv-export.js";
import { SymbolIndicators } from "../../market/indicators/symbol-indicators.js";
import { TickWriter } from "../../market/tick-writer.js";
import { makeTick, T0 } from "./tick-builders.js";

let dir: string;
let db: SqliteDb;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "ticks-"));
  db = openDatabase(join(dir, "trading.sqlite"));
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function rows(n: number, symbol = "005930") {
  const s = new SymbolIndicators(symbol);
  return Array.from({ length: n }, (_, i) => {
    s.onTrade(makeTick({ symbol, priceKrw: 70_000 + (i % 7) * 100, volume: i + 1, exchangeTimeMs: T0 + i * 1_000 }));
    return s.toRow();
  });
}

describe("TickWriter", () => {
  it("writes full batches as they fill and the rest on flush", () => {
    const writer = new TickWriter(db, { batchRows: 50, flushIntervalMs: 60_000 });
    const input = rows(73);
    for (const row of input) writer.write(row);
    expect(db.raw.prepare("SELECT COUNT(*) FROM ticks").pluck().get()).toBe(50);
    writer.close();
    const stored = db.raw.prepare("SELECT * FROM ticks ORDER BY rowid").raw().all();
    expect(stored).toEqual(input);
  });

  it("flushes buffered rows after the interval", async () => {
    const writer = new TickWriter(db, { batchRows: 1_000, flushIntervalMs: 10 });
    for (const row of rows(3)) writer.write(row);
    await expect.poll(() => db.raw.prepare("SELECT COUNT(*) FROM ticks").pluck().get()).toBe(3);
    writer.close();
  });
});

describe("exportTicksCsv", () => {
  it("writes one seed-named file per symbol with the 44 columns in order", () => {
    const writer = new TickWriter(db);
    for (const row of [...rows(3, "005930"), ...rows(2, "000660")]) writer.write(row);
    writer.close();
    const out = join(dir, "csv");
    const files = exportTicksCsv(db.raw, "20260105", out);
    expect(files.map((f) => f.path.slice(out.length + 1))).toEqual([
      "000660_44indicators_realtime_20260105.csv",
      "005930_44indicators_realtime_20260105.csv",
    ]);
    expect(files.map((f) => [f.symbol, f.rows])).toEqual([
      ["000660", 2],
      ["005930", 3],
    ]);
    const lines = readFileSync(files[1]?.path ?? "", "utf8")
      .trimEnd()
      .split("\n");
    expect(lines[0]).toBe(csvHeader());
    expect(lines[0]?.split(",")).toHaveLength(44);
    expect(lines).toHaveLength(4);
    expect(lines[1]?.split(",").slice(0, 4)).toEqual(["2026-01-05 10:00:00", "005930", "70000", "1"]);
    expect(lines[1]?.split(",")).toHaveLength(44);
  });

  it("exports nothing for another day and rejects a malformed or impossible date", () => {
    const writer = new TickWriter(db);
    for (const row of rows(2)) writer.write(row);
    writer.close();
    expect(exportTicksCsv(db.raw, "20260106", join(dir, "csv"))).toEqual([]);
    for (const bad of ["2026-01-05", "20260230", "20261301", "2026010"]) {
      expect(() => exportTicksCsv(db.raw, bad, dir)).toThrow(expect.objectContaining({ code: "DATA_INVALID" }));
    }
  });
});
