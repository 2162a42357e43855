/**
 * bench:db — the ledger's write path on both backends: an order intent's insert + NEW→SENT, each its
 * own durable transaction (what the order router does before a send), on SQLite (synchronous=FULL) and
 * on PostgreSQL through the synchronous bridge (db/postgres/postgres-db.ts); and the bridge's round trip
 * (`SELECT 1`) against the same query on an async `pg` client in this thread, which is what the bridge
 * costs. Gate: bridge round trip ≤ 3× the async client's. PostgreSQL at DATABASE_URL (default the
 * local server); the bench works in a schema of its own, dropped after.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { BenchResult } from "./index.js";
import { openDatabase } from "../db/database.js";
import type { Db } from "../db/db.js";
import { durableTransaction } from "../db/durable.js";
import { createIntentsRepo } from "../db/intents-repo.js";
import { openPostgres } from "../db/postgres/open-postgres.js";
import { runsArg, summarize, timeMs } from "./naive/stats.js";

const WRITES = 200;
const ROUND_TRIPS = 500;
const url = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

function intentWrites(db: Db, run: number): number[] {
  const intents = createIntentsRepo(db);
  const write = durableTransaction(db, (i: number) => {
    const key = `r${run}k${i}`;
    intents.insert({ intentKey: key, runId: "bench", symbol: "005930", side: "buy", quantity: 1, type: "limit", limitPriceKrw: 70_000 }, i);
    intents.transition(key, "SENT", { sentAtMs: i }, i, "NEW");
  });
  const times: number[] = [];
  for (let i = 0; i < WRITES; i++) times.push(timeMs(() => write(i)));
  return times;
}

async function asyncRoundTrips(): Promise<number[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const times: number[] = [];
    for (let i = 0; i < ROUND_TRIPS; i++) {
      const start = performance.now();
      await client.query("SELECT 1");
      times.push(performance.now() - start);
    }
    return times;
  } finally {
    await client.end();
  }
}

export async function run(args: string[]): Promise<BenchResult> {
  const runs = runsArg(args, 3);
  const dir = mkdtempSync(join(tmpdir(), "bench-db-"));
  const schema = `bench_${randomBytes(4).toString("hex")}`;
  const sqlite = openDatabase(join(dir, "ledger.sqlite"));
  const postgres = openPostgres({ url, schema });
  const sqliteMs: number[] = [];
  const postgresMs: number[] = [];
  const bridgeMs: number[] = [];
  const asyncMs: number[] = [];
  try {
    for (let r = 0; r < runs; r++) {
      sqliteMs.push(...intentWrites(sqlite, r));
      postgresMs.push(...intentWrites(postgres, r));
      const select = postgres.prepare("SELECT 1");
      for (let i = 0; i < ROUND_TRIPS; i++) bridgeMs.push(timeMs(() => select.get()));
      asyncMs.push(...(await asyncRoundTrips()));
    }
  } finally {
    sqlite.close();
    postgres.exec(`DROP SCHEMA ${schema} CASCADE`);
    postgres.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const bridge = summarize(bridgeMs, 3);
  const direct = summarize(asyncMs, 3);
  const overhead = bridge.median / direct.median;
  return {
    name: "db",
    pass: overhead <= 3,
    runs,
    gates: { bridgeOverAsync: "<= 3" },
    intentWriteMs: { sqliteDurable: summarize(sqliteMs, 3), postgres: summarize(postgresMs, 3) },
    roundTripMs: { bridge, asyncClient: direct },
    bridgeOverAsync: Number(overhead.toFixed(2)),
  };
}
