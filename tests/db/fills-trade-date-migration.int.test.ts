import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fromKst } from "../../core/clock.js";
import { loadMigrations, migrate } from "../../db/database.js";

describe("0011-fills-trade-date migration", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "kis-0011-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("dates an existing fill by its order's intent, else by the KST day it was filled on", () => {
    const db = new Database(join(dir, "old.sqlite"));
    migrate(
      db,
      loadMigrations().filter((m) => m.version < 11),
    );
    const ordered = fromKst("20260105", "150000");
    // Polled the next morning: the poll row's own time is the wrong day, the intent's is right.
    const polled = fromKst("20260106", "083000");
    db.prepare(
      `INSERT INTO order_intents (intent_key, run_id, symbol, side, quantity, order_type, limit_price_krw, status, trade_date, order_no, created_at_ms, updated_at_ms)
      VALUES ('k1', 'r1', '005930', 'buy', 10, 'limit', 70000, 'FILLED', '20260105', '0000000001', ?, ?)`,
    ).run(ordered, ordered);
    const fill = db.prepare(
      `INSERT INTO fills (order_no, fill_key, source, quantity, price_krw, filled_at_ms, recorded_at_ms) VALUES (?, ?, ?, ?, 70000, ?, ?)`,
    );
    fill.run("0000000001", "poll", "poll", 10, polled, polled);
    fill.run("0000000777", "n1", "notice", 3, fromKst("20260107", "100000"), 1);

    migrate(db);

    expect(db.prepare("SELECT order_no, trade_date FROM fills ORDER BY id").all()).toEqual([
      { order_no: "0000000001", trade_date: "20260105" },
      { order_no: "0000000777", trade_date: "20260107" },
    ]);
    db.close();
  });
});
