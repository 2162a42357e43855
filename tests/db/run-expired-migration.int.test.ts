import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadMigrations, migrate, SqliteDb } from "../../db/database.js";
import { createRunsRepo } from "../../db/runs-repo.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function fileDb() {
  const dir = mkdtempSync(join(tmpdir(), "kis-db-0007-"));
  dirs.push(dir);
  const db = new Database(join(dir, "trading.sqlite"));
  db.pragma("foreign_keys = ON");
  return db;
}

describe("0007-run-expired migration", () => {
  it("rebuilds graph_runs to allow 'expired', keeping every row and the start-time index", () => {
    const db = fileDb();
    migrate(
      db,
      loadMigrations().filter((m) => m.version < 7),
    );
    db.prepare(
      "INSERT INTO graph_runs (run_id, graph, trigger, status, prompt_version, llm_calls, orders, summary, started_at_ms) VALUES ('r1', 'trading', 'manual', 'interrupted', '3', 2, 1, 'waiting', 100)",
    ).run();
    expect(() => db.prepare("UPDATE graph_runs SET status = 'expired' WHERE run_id = 'r1'").run()).toThrow(/CHECK/);

    migrate(
      db,
      loadMigrations().filter((m) => m.version <= 7),
    );

    const runs = createRunsRepo(new SqliteDb(db));
    expect(runs.get("r1")).toMatchObject({
      status: "interrupted",
      promptVersion: "3",
      llmCalls: 2,
      orders: 1,
      summary: "waiting",
      startedAtMs: 100,
    });
    runs.finish("r1", { status: "expired", summary: "too late" }, 200);
    expect(runs.get("r1")).toMatchObject({ status: "expired", endedAtMs: 200 });
    expect(() => db.prepare("UPDATE graph_runs SET status = 'lost' WHERE run_id = 'r1'").run()).toThrow(/CHECK/);
    const indexes = db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'graph_runs'")
      .all()
      .map((r) => r.name);
    expect(indexes).toContain("graph_runs_started");
    db.close();
  });
});
