import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fromKst } from "../../core/clock.js";
import { loadMigrations, migrate } from "../../db/database.js";
import { durableTransaction } from "../../db/durable.js";
import { createIntentsRepo } from "../../db/intents-repo.js";
import { createLeaseRepo } from "../../db/lease-repo.js";
import { createTradingStateRepo } from "../../db/trading-state-repo.js";
import { openTempDb, type TempDb } from "./temp-db.js";

const NEW_INTENT = {
  intentKey: "k1",
  runId: "r1",
  symbol: "005930",
  side: "buy",
  quantity: 10,
  type: "limit",
  limitPriceKrw: 70_000,
} as const;

describe("0008-order-safety migration", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "kis-0008-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps existing intents and their trades, dated by the KST day they were written", () => {
    const db = new Database(join(dir, "old.sqlite"));
    db.pragma("foreign_keys = ON");
    migrate(
      db,
      loadMigrations().filter((m) => m.version < 8),
    );
    const at = fromKst("20260105", "233000");
    db.prepare(
      `INSERT INTO order_intents (intent_key, run_id, symbol, side, quantity, order_type, limit_price_krw, status, order_no, created_at_ms, updated_at_ms)
      VALUES ('k1', 'r1', '005930', 'buy', 10, 'limit', 70000, 'ACKED', '0000000001', ?, ?)`,
    ).run(at, at);
    db.prepare(
      `INSERT INTO trades (run_id, intent_key, timestamp_ms, ticker, action, quantity, price_krw, justification_text, execution_status, created_at_ms, updated_at_ms)
      VALUES ('r1', 'k1', ?, '005930', 'buy', 10, 70000, 'why', 'ACKED', ?, ?)`,
    ).run(at, at, at);

    migrate(db);

    expect(db.prepare("SELECT trade_date, order_no, status FROM order_intents").get()).toEqual({
      trade_date: "20260105",
      order_no: "0000000001",
      status: "ACKED",
    });
    expect(db.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(db.pragma("foreign_key_check")).toEqual([]);
    expect(() => db.prepare("DELETE FROM order_intents").run()).toThrow(/FOREIGN KEY/);
    db.close();
  });
});

describe("order intents, leases and the trading state after 0008", () => {
  let t: TempDb;
  beforeEach(() => {
    t = openTempDb();
  });
  afterEach(() => t.dispose());

  it("moves an intent to SENT only from NEW and says whether it moved", () => {
    const intents = createIntentsRepo(t.db);
    intents.insert(NEW_INTENT, 1);

    expect(intents.transition("k1", "SENT", { sentAtMs: 2 }, 2, "NEW")).toBe(true);
    expect(intents.transition("k1", "SENT", { sentAtMs: 3 }, 3, "NEW")).toBe(false);
    expect(intents.findByKey("k1")).toMatchObject({ status: "SENT", sentAtMs: 2 });
  });

  it("finds an order number only on its own trade date", () => {
    const intents = createIntentsRepo(t.db);
    const monday = fromKst("20260105", "100000");
    intents.insert(NEW_INTENT, monday);
    intents.transition("k1", "ACKED", { orderNo: "0000000001" }, monday);

    expect(intents.findByOrderNo("0000000001", monday + 3_600_000)?.intentKey).toBe("k1");
    expect(intents.findByOrderNo("0000000001", fromKst("20260106", "100000"))).toBeUndefined();
  });

  it("commits a durable transaction with synchronous=FULL and restores the connection's setting", () => {
    const seen: number[] = [];
    const write = durableTransaction(t.db, () => seen.push(t.db.raw.pragma("synchronous", { simple: true }) as number));

    write();

    expect(seen).toEqual([2]); // FULL
    expect(t.db.raw.pragma("synchronous", { simple: true })).toBe(1); // NORMAL
  });

  it("grants an account lease to one holder, fences a holder whose lease expired and was taken over", () => {
    const leases = createLeaseRepo(t.db);
    const first = leases.acquire("5000000001", "run-a", 1_000, 0);
    expect(first).toEqual({ granted: true, token: 1 });

    expect(leases.acquire("5000000001", "run-b", 1_000, 500)).toEqual({ granted: false, holder: "run-a", expiresAtMs: 1_000 });
    const second = leases.acquire("5000000001", "run-b", 1_000, 1_001);

    expect(second).toEqual({ granted: true, token: 2 });
    expect(leases.isCurrent("5000000001", 1)).toBe(false);
    expect(leases.renew("5000000001", 1, 1_000, 1_002)).toBe(false);
    expect(leases.isCurrent("5000000001", 2)).toBe(true);
    leases.release("5000000001", 2);
    expect(leases.isCurrent("5000000001", 2)).toBe(false);
    expect(leases.acquire("5000000001", "run-c", 1_000, 1_003)).toEqual({ granted: true, token: 3 });
  });

  it("records every halt and resume with who, when and why", () => {
    const state = createTradingStateRepo(t.db);

    state.set("HALTED", "news", 10, "cli:alice");
    state.set("ACTIVE", "resumed by operator", 20, "cli:bob");

    expect(state.changes()).toEqual([
      { state: "ACTIVE", reason: "resumed by operator", actor: "cli:bob", changedAtMs: 20 },
      { state: "HALTED", reason: "news", actor: "cli:alice", changedAtMs: 10 },
    ]);
  });
});
