/** The collector CSV reader: what `ticks export` writes reads back as the same rows; a bad file is refused whole, naming file and line. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CsvImportError, readTicksCsv, readTicksCsvDir } from "../../market/csv-import.js";
import { csvFileName } from "../../market/csv-export.js";
import { tickRow, writeTickCsv } from "./tick-rows.js";

const DATE = "20261019";
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "csv-import-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const SPECS = [
  { time: "090000", price: 71_000, volume: 1200, ask: [71_100, 500], bid: [71_000, 800] },
  { time: "090001", price: 71_100, volume: 3, ask: [71_100, 497], bid: [71_000, 800] },
] as const satisfies Parameters<typeof writeTickCsv>[3];

function failure(fn: () => unknown): CsvImportError {
  try {
    fn();
  } catch (err) {
    if (err instanceof CsvImportError) return err;
    throw err;
  }
  throw new Error("expected a CsvImportError");
}

/** Replaces line `n` (1-based) of the file. */
function corrupt(path: string, n: number, line: string): void {
  const lines = readFileSync(path, "utf8").split("\n");
  lines[n - 1] = line;
  writeFileSync(path, lines.join("\n"));
}

describe("readTicksCsv", () => {
  it("reads back exactly the rows ticks export writes", () => {
    const path = writeTickCsv(dir, "005930", DATE, [...SPECS]);
    const file = readTicksCsv(path);
    expect(file).toMatchObject({ code: "005930", date: DATE });
    expect(file.rows).toEqual(SPECS.map((s) => tickRow("005930", DATE, s)));
  });

  it.each([
    [1, "time,stock_code", "header"],
    [3, "2026-10-19 09:00:02,005930,71000", "expected 44 cells, found 3"],
    [2, `2026-10-19 09:00:00,005930,71000,abc${",".repeat(40)}`, "column 4"],
    [3, `2026-10-18 09:00:02,005930,71000,1${",".repeat(40)}`, "the file's date"],
    [3, `2026-10-19 09:00:02,000660,71000,1${",".repeat(40)}`, "the file's code"],
    [3, `2026-10-19 08:59:00,005930,71000,1${",".repeat(40)}`, "time goes back"],
    [3, `2026-10-19 09:00:02,005930,0,1${",".repeat(40)}`, "current_price"],
    [2, `2026-10-19 9:00,005930,71000,1${",".repeat(40)}`, "YYYY-MM-DD HH:MM:SS"],
  ])("refuses a bad line %i (%s) naming file and line", (line, text, problem) => {
    const path = writeTickCsv(dir, "005930", DATE, [...SPECS]);
    corrupt(path, line, text);
    const err = failure(() => readTicksCsv(path));
    expect(err).toMatchObject({ code: "DATA_INVALID", file: path, line });
    expect(err.message).toContain(`${path}:${line}:`);
    expect(err.message).toContain(problem);
  });

  it("refuses a file whose name is not the seed's", () => {
    const path = join(dir, "ticks.csv");
    writeFileSync(path, "");
    expect(failure(() => readTicksCsv(path))).toMatchObject({ file: path, line: 0 });
  });

  it("fails a whole directory on one bad file, and an empty one", () => {
    writeTickCsv(dir, "005930", DATE, [...SPECS]);
    const bad = writeTickCsv(
      dir,
      "000660",
      DATE,
      [...SPECS].map((s) => ({ ...s, price: 215_000 })),
    );
    corrupt(bad, 2, "broken");
    expect(failure(() => readTicksCsvDir(dir))).toMatchObject({ file: bad, line: 2 });
    rmSync(bad);
    expect(readTicksCsvDir(dir).map((f) => f.path)).toEqual([join(dir, csvFileName("005930", DATE))]);
    rmSync(join(dir, csvFileName("005930", DATE)));
    expect(() => readTicksCsvDir(dir)).toThrow(/found none/);
  });
});
