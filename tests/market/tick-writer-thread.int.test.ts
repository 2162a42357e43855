import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../../core/logger.js";
import { openDatabase } from "../../db/database.js";
import { COL, TICK_COLUMN_COUNT, type TickRow } from "../../market/indicators/columns.js";
import { ThreadedTickWriter } from "../../market/tick-writer-thread.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function row(i: number): TickRow {
  const r: TickRow = new Array<number | string | null>(TICK_COLUMN_COUNT).fill(null);
  r[COL.time_ms] = 1_767_000_000_000 + i;
  r[COL.stock_code] = i % 2 ? "005930" : "000660";
  r[COL.current_price] = 70_000 + i;
  r[COL.ma5] = i % 3 === 0 ? null : i / 7;
  return r;
}

describe("ThreadedTickWriter", () => {
  it("writes every row, text and nulls intact, on its own thread before close resolves", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kis-tw-"));
    dirs.push(dir);
    const file = join(dir, "ticks.sqlite");
    openDatabase(file).close();
    const writer = new ThreadedTickWriter(file, { batchRows: 64 });
    for (let i = 0; i < 1_000; i++) writer.write(row(i));
    expect(await writer.close()).toBe(1_000);
    const db = openDatabase(file);
    const rows = db
      .prepare<[], { time_ms: number; stock_code: string; current_price: number; ma5: number | null }>(
        "SELECT time_ms, stock_code, current_price, ma5 FROM ticks ORDER BY time_ms",
      )
      .all();
    db.close();
    expect(rows).toHaveLength(1_000);
    expect(rows[3]).toEqual({ time_ms: 1_767_000_000_003, stock_code: "005930", current_price: 70_003, ma5: null });
    expect(rows[4]?.ma5).toBeCloseTo(4 / 7, 12);
  });

  it("reports a thread that cannot open its database and still closes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kis-tw-"));
    dirs.push(dir);
    const notADirectory = join(dir, "file");
    writeFileSync(notADirectory, "");
    const lines: string[] = [];
    const writer = new ThreadedTickWriter(join(notADirectory, "ticks.sqlite"), { log: createLogger("error", (l) => lines.push(l)) });
    writer.write(row(1));
    await new Promise((r) => setTimeout(r, 500));
    expect(await writer.close()).toBe(0);
    expect(lines.join("\n")).toMatch(/tick writer thread failed/);
  });
});
