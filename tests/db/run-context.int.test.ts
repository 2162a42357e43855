/**
 * run_context: migration 0012 fills a gap below 0013 (a file already at user_version 13 gets it),
 * bodies are written once per (run, ref), and the nodes' helper reads them back as the types they were.
 */
import { AIMessage, HumanMessage, ToolMessage } from "@langchain/core/messages";
import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadMigrations, migrate } from "../../db/database.js";
import { createRunContextRepo } from "../../db/run-context-repo.js";
import { createRunContext } from "../../nodes/run-context.js";
import { makeAccount, makeMarket, makeSymbol } from "../builders/trading.js";
import { openTempDb, type TempDb } from "./temp-db.js";

const hasTable = (db: Database.Database, name: string) =>
  db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;

describe("0012-run-context migration", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "kis-0012-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("is applied to a ledger already at user_version 13, which stays at 13", () => {
    const db = new Database(join(dir, "at-13.sqlite"));
    // A ledger migrated before 0012 existed: 0001…0011 and 0013.
    expect(
      migrate(
        db,
        loadMigrations().filter((m) => m.version !== 12),
      ),
    ).toBe(13);
    expect(hasTable(db, "run_context")).toBe(false);
    expect(hasTable(db, "prompt_shadows")).toBe(true);

    expect(migrate(db)).toBe(13);
    expect(hasTable(db, "run_context")).toBe(true);
    // Opening it again applies nothing twice.
    expect(migrate(db)).toBe(13);
    db.close();
  });

  it("is applied in order to a fresh file and to one stopped at 11", () => {
    const fresh = new Database(join(dir, "fresh.sqlite"));
    expect(migrate(fresh)).toBe(13);
    expect(hasTable(fresh, "run_context")).toBe(true);
    fresh.close();

    const old = new Database(join(dir, "at-11.sqlite"));
    migrate(
      old,
      loadMigrations().filter((m) => m.version <= 11),
    );
    expect(migrate(old)).toBe(13);
    expect(hasTable(old, "run_context") && hasTable(old, "shadow_decisions")).toBe(true);
    old.close();
  });

  it("names its table on the if-missing line the runner reads", () => {
    expect(loadMigrations().find((m) => m.version === 12)?.ifMissing).toBe("run_context");
    expect(loadMigrations().filter((m) => m.ifMissing !== undefined)).toHaveLength(1);
  });
});

describe("run context", () => {
  let t: TempDb;
  beforeEach(() => {
    t = openTempDb();
  });
  afterEach(() => t.dispose());

  it("keeps the first body stored under a run's ref: storing again returns what is stored", () => {
    const repo = createRunContextRepo(t.db);
    expect(repo.put("r1", "account", "account", { cash: 1 }, 10)).toEqual({ cash: 1 });
    expect(repo.put("r1", "account", "account", { cash: 2 }, 20)).toEqual({ cash: 1 });
    expect(repo.put("r2", "account", "account", { cash: 3 }, 30)).toEqual({ cash: 3 });
    expect(repo.get("r1", "account")).toEqual({ cash: 1 });
    expect(repo.get("r1", "market")).toBeUndefined();
    expect(t.db.prepare("SELECT run_id, ref, kind, created_at_ms FROM run_context ORDER BY run_id").all()).toEqual([
      { run_id: "r1", ref: "account", kind: "account", created_at_ms: 10 },
      { run_id: "r2", ref: "account", kind: "account", created_at_ms: 30 },
    ]);
  });

  it("gives a resumed run's nodes the account, market and turns its first attempt stored", () => {
    const context = createRunContext(createRunContextRepo(t.db), () => 1);
    const first = context.saveAccount("r1", makeAccount({ cashKrw: 5_000_000 }));
    const again = context.saveAccount("r1", makeAccount({ cashKrw: 9 }));
    expect(again.accountRef).toEqual(first.accountRef);
    expect(context.account({ runId: "r1", accountRef: again.accountRef })?.cashKrw).toBe(5_000_000);

    const market = makeMarket([makeSymbol(), makeSymbol({ symbol: "000660" })]);
    const { marketRef } = context.saveMarket("r1", market);
    expect(marketRef).toEqual({ ref: "market", asOfMs: market.asOfMs, phase: market.phase, symbols: 2, gaps: [] });
    expect(context.market({ runId: "r1", marketRef })).toEqual(market);

    const ask = new AIMessage({
      content: "",
      tool_calls: [{ id: "c1", name: "get_quote", args: { symbol: "005930" }, type: "tool_call" }],
    });
    const turn0 = context.saveTurn({ runId: "r1", transcript: [] }, [new HumanMessage("brief"), ask]);
    const turn1 = context.saveTurn({ runId: "r1", transcript: [turn0.ref] }, [
      new ToolMessage({ status: "error", content: "Error: down", name: "get_quote", tool_call_id: "c1" }),
    ]);
    const messages = context.transcript({ runId: "r1", transcript: [turn0.ref, turn1.ref] });
    expect(messages.map((m) => m.getType())).toEqual(["human", "ai", "tool"]);
    expect((messages[1] as AIMessage).tool_calls).toEqual(ask.tool_calls);
    expect(messages[2]).toMatchObject({ status: "error", tool_call_id: "c1" });
  });

  it("fails with NOT_FOUND when a state names context the run never stored", () => {
    const context = createRunContext(createRunContextRepo(t.db), () => 1);
    const accountRef = context.saveAccount("r1", makeAccount()).accountRef;
    expect(() => context.account({ runId: "other", accountRef })).toThrow(expect.objectContaining({ code: "NOT_FOUND" }) as Error);
    expect(() => context.transcript({ runId: "r1", transcript: ["transcript:0"] })).toThrow(/no stored transcript:0/);
  });
});
