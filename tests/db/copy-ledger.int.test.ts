/**
 * `kis-agent db migrate` and `kis-agent db copy --to postgres://…`: a SQLite ledger with orders,
 * trades, a prompt lineage with a shadow and alerts moves to PostgreSQL table by table; the
 * repositories read the same records there, new ids follow the copied ones, a non-empty target is
 * refused without --replace. The copy needs DATABASE_URL (`npm run test:pg`); migrate does not.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../fakes/cli-process.js";
import { createAlertsRepo } from "../../db/alerts-repo.js";
import { openDatabase } from "../../db/database.js";
import { createIntentsRepo } from "../../db/intents-repo.js";
import { openPostgres } from "../../db/postgres/open-postgres.js";
import { createPromptShadowsRepo } from "../../db/prompt-shadows-repo.js";
import { createPromptVersionsRepo } from "../../db/prompt-versions-repo.js";
import { createTradesRepo } from "../../db/trades-repo.js";
import { createTestDatabase, type TestDatabase } from "./temp-db.js";

let dir = "";
let database: TestDatabase | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "kis-db-cli-"));
});
afterEach(() => {
  database?.drop();
  database = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** The source is the SQLite ledger: the DATABASE_URL of `npm run test:pg` is not this command's. */
const cli = (args: string[]) => runCli(["db", ...args], { DATABASE_URL: undefined, DATA_DIR: dir, KIS_ENV: "sim", LOG_LEVEL: "warn" });

/** A ledger with rows in the tables that reference others: trades → intents, shadows → versions. */
function fillSqliteLedger(): void {
  const db = openDatabase(join(dir, "kis-agent.sim.sqlite"));
  const versions = createPromptVersionsRepo(db);
  versions.seed("v1", 0);
  versions.propose(
    () => ({ parentVersion: 1, text: "v2", diff: "", rulesAdded: [], rulesRetired: [], author: "test", changeLog: "", verdicts: [] }),
    1,
  );
  createPromptShadowsRepo(db).start(2, "20261127", 2);
  const intents = createIntentsRepo(db);
  intents.insert(
    { intentKey: "k1", runId: "r1", symbol: "005930", side: "buy", quantity: 3, type: "limit", limitPriceKrw: 70_000 },
    1_767_000_000_000,
  );
  createTradesRepo(db).insert(
    {
      runId: "r1",
      intentKey: "k1",
      timestampMs: 1_767_000_000_000,
      ticker: "005930",
      action: "buy",
      quantity: 3,
      priceKrw: 70_000,
      justificationText: "테스트",
      marketSnapshot: {},
      portfolioBefore: {},
      executionStatus: "NEW",
    },
    1_767_000_000_000,
  );
  const alerts = createAlertsRepo(db);
  for (const code of ["A", "B"]) alerts.insert({ severity: "warn", source: "test", code, message: code }, 5);
  db.close();
}

describe("kis-agent db migrate", () => {
  it("brings a new SQLite ledger to the latest version and reports it, then reports it up to date", async () => {
    const first = await cli(["migrate", "--json"]);
    expect(first.stderr).toBe("");
    const doc = JSON.parse(first.stdout) as { backend: string; applied: number[]; version: number };
    expect(doc.backend).toBe("sqlite");
    expect(doc.applied.at(-1)).toBe(doc.version);
    expect(doc.version).toBeGreaterThanOrEqual(13);
    expect(JSON.parse((await cli(["migrate", "--json"])).stdout)).toMatchObject({ applied: [], version: doc.version });
  });
});

describe.skipIf(!process.env.DATABASE_URL)("kis-agent db copy", () => {
  it("copies the SQLite ledger into PostgreSQL, where the repositories read the same records", async () => {
    fillSqliteLedger();
    database = createTestDatabase(process.env.DATABASE_URL ?? "");
    const out = await cli(["copy", "--to", database.url, "--schema", "acct_1", "--json"]);
    expect(out.stderr).toBe("");
    expect(out.code).toBe(0);
    const rows = Object.fromEntries(
      (JSON.parse(out.stdout) as { tables: Array<{ table: string; rows: number }> }).tables.map((t) => [t.table, t.rows]),
    );
    expect(rows).toMatchObject({ prompt_versions: 2, prompt_shadows: 1, order_intents: 1, trades: 1, alerts: 2, trading_state: 1 });
    expect(Object.keys(rows)).not.toContain("ticks");

    const pg = openPostgres({ url: database.url, schema: "acct_1" });
    try {
      expect(createIntentsRepo(pg).findByKey("k1")).toMatchObject({
        status: "NEW",
        quantity: 3,
        limitPriceKrw: 70_000,
        createdAtMs: 1_767_000_000_000,
      });
      expect(createTradesRepo(pg).listByRun("r1")).toMatchObject([{ ticker: "005930", justificationText: "테스트", intentKey: "k1" }]);
      expect(createPromptVersionsRepo(pg).get(2)).toMatchObject({ parentVersion: 1, status: "proposed" });
      expect(createPromptShadowsRepo(pg).list()).toMatchObject([{ version: 2, untilDate: "20261127", stoppedAtMs: null }]);
      // The id sequences moved past the copied ids.
      expect(createAlertsRepo(pg).insert({ severity: "info", source: "test", code: "C", message: "C" }, 6)).toBe(3);
    } finally {
      pg.close();
    }
  });

  it("refuses a target that already has ledger rows, and overwrites it with --replace", async () => {
    fillSqliteLedger();
    database = createTestDatabase(process.env.DATABASE_URL ?? "");
    expect((await cli(["copy", "--to", database.url])).code).toBe(0);
    const again = await cli(["copy", "--to", database.url]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already has rows in .*alerts.*--replace/);
    const replaced = await cli(["copy", "--to", database.url, "--replace", "--json"]);
    expect(replaced.code).toBe(0);
    const pg = openPostgres({ url: database.url, schema: "public" });
    try {
      expect(createAlertsRepo(pg).listRecent()).toHaveLength(2);
    } finally {
      pg.close();
    }
  });
});
