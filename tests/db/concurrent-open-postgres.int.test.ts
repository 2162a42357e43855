/**
 * Four kis-agent processes starting together on an empty PostgreSQL database, in a named schema:
 * each migrates, seeds the prompt, sets up the checkpointer and asks for the account's lease. The
 * advisory locks make them take turns: all succeed, the migrations are recorded once, one prompt
 * version is seeded and exactly one process holds the lease. Needs DATABASE_URL (`npm run test:pg`).
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadMigrations } from "../../db/database.js";
import { PostgresDb } from "../../db/postgres/postgres-db.js";
import { POSTGRES_MIGRATIONS_DIR } from "../../db/postgres/migrate.js";
import { createTestDatabase, type TestDatabase } from "./temp-db.js";

const CHILD = join(import.meta.dirname, "fixtures", "open-postgres.ts");
const PROCESSES = 4;
const SCHEMA = "acct_7";

interface Child {
  proc: ChildProcessWithoutNullStreams;
  stdout: string;
  stderr: string;
}

function startChild(url: string, dir: string): Child {
  const proc = spawn(process.execPath, ["--import", "tsx", CHILD, url, SCHEMA, dir], { stdio: ["pipe", "pipe", "pipe"] });
  const child: Child = { proc, stdout: "", stderr: "" };
  proc.stdout.on("data", (d: Buffer) => (child.stdout += d.toString()));
  proc.stderr.on("data", (d: Buffer) => (child.stderr += d.toString()));
  return child;
}

async function readyLine(child: Child): Promise<void> {
  while (!child.stdout.includes("ready\n")) {
    if (child.proc.exitCode !== null) throw new Error(`child exited before ready: ${child.stderr}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

let database: TestDatabase | undefined;
let dir = "";
afterEach(() => {
  database?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!process.env.DATABASE_URL)("opening one PostgreSQL ledger from several processes", () => {
  it("four processes migrate, seed, set up checkpoints and race for the lease together: all succeed, one holds it", async () => {
    database = createTestDatabase(process.env.DATABASE_URL ?? "");
    dir = mkdtempSync(join(tmpdir(), "kis-concurrent-pg-"));
    const children = Array.from({ length: PROCESSES }, () => startChild(database?.url ?? "", dir));
    await Promise.all(children.map(readyLine));
    for (const c of children) c.proc.stdin.write("go\n");
    const codes = await Promise.all(children.map(async (c) => c.proc.exitCode ?? ((await once(c.proc, "exit")) as [number])[0]));
    expect(children.map((c) => c.stderr)).toEqual(Array(PROCESSES).fill(""));
    expect(codes).toEqual(Array(PROCESSES).fill(0));
    const reports = children.map(
      (c) => JSON.parse(c.stdout.split("\n")[1] ?? "") as { state: string; promptVersion: number; leased: boolean },
    );
    expect(reports.map((r) => [r.state, r.promptVersion])).toEqual(Array(PROCESSES).fill(["ACTIVE", 1]));
    expect(reports.filter((r) => r.leased)).toHaveLength(1);

    const db = new PostgresDb({ url: database.url, schema: SCHEMA });
    try {
      const count = (sql: string) => db.prepare<[], { n: number }>(sql).get()?.n;
      expect(count("SELECT COUNT(*) AS n FROM schema_migrations")).toBe(loadMigrations(POSTGRES_MIGRATIONS_DIR).length);
      expect(count("SELECT COUNT(*) AS n FROM prompt_versions")).toBe(1);
      expect(count("SELECT COUNT(*) AS n FROM checkpoints")).toBe(0);
      expect(
        count("SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name = 'checkpoints'"),
      ).toBe(0);
    } finally {
      db.close();
    }
  }, 120_000);
});
