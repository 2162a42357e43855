import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase, writeTransaction } from "../../db/database.js";
import { COL, TICK_COLUMN_COUNT, type TickRow } from "../../market/indicators/columns.js";
import { ThreadedTickWriter } from "../../market/tick-writer-thread.js";

describe("writeTransaction", () => {
  it("reads then writes while the tick writer's thread writes to the same file, without 'database is locked'", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kis-wt-"));
    try {
      const file = join(dir, "kis.sqlite");
      const db = openDatabase(file);
      const writer = new ThreadedTickWriter(file, { batchRows: 200, flushIntervalMs: 1 });
      const pause = new Int32Array(new SharedArrayBuffer(4));
      const bump = writeTransaction(db, (n: number) => {
        const { updated_at_ms: last } = db
          .prepare<[], { updated_at_ms: number }>("SELECT updated_at_ms FROM trading_state WHERE id = 1")
          .get() ?? { updated_at_ms: 0 };
        // Hold the read snapshot for a moment: the writer thread commits in between on a deferred transaction.
        Atomics.wait(pause, 0, 0, 3);
        db.prepare("UPDATE trading_state SET updated_at_ms = ? WHERE id = 1").run(last + n);
      });
      let expected = 0;
      for (let i = 1; i <= 100; i++) {
        for (let k = 0; k < 200; k++) {
          const row: TickRow = new Array<number | string | null>(TICK_COLUMN_COUNT).fill(1);
          row[COL.time_ms] = i * 1_000 + k;
          row[COL.stock_code] = "005930";
          writer.write(row);
        }
        bump(i);
        expected += i;
        await new Promise((r) => setImmediate(r));
      }
      expect(await writer.close()).toBe(20_000);
      expect(db.raw.prepare("SELECT updated_at_ms FROM trading_state WHERE id = 1").pluck().get()).toBe(expected);
      expect(db.raw.prepare("SELECT COUNT(*) FROM ticks").pluck().get()).toBe(20_000);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
