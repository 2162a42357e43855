/**
 * Four kis-agent processes starting together on an empty data directory: each runs the
 * migrations, seeds the prompt and sets up the checkpointer, and none fails on another's half-built
 * schema ("table … already exists") or lock ("database is locked").
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadMigrations, openDatabase } from "../../db/database.js";

const CHILD = join(import.meta.dirname, "fixtures", "open-data-dir.ts");
const PROCESSES = 4;

interface Child {
  proc: ChildProcessWithoutNullStreams;
  stdout: string;
  stderr: string;
}

function startChild(dir: string): Child {
  const proc = spawn(process.execPath, ["--import", "tsx", CHILD, dir], { stdio: ["pipe", "pipe", "pipe"] });
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

let dir = "";
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("opening one data directory from several processes", () => {
  it("four processes migrate, seed and set up checkpoints together on an empty directory, all succeed with one schema", async () => {
    dir = mkdtempSync(join(tmpdir(), "kis-concurrent-open-"));
    const children = Array.from({ length: PROCESSES }, () => startChild(dir));
    // Every child has loaded its modules before any opens the file, so the opens really overlap.
    await Promise.all(children.map(readyLine));
    for (const c of children) c.proc.stdin.write("go\n");
    const codes = await Promise.all(children.map(async (c) => c.proc.exitCode ?? ((await once(c.proc, "exit")) as [number])[0]));
    expect(children.map((c) => c.stderr)).toEqual(Array(PROCESSES).fill(""));
    expect(codes).toEqual(Array(PROCESSES).fill(0));
    const latest = loadMigrations().at(-1)?.version;
    const reports = children.map((c) => JSON.parse(c.stdout.split("\n")[1] ?? "") as Record<string, unknown>);
    for (const r of reports) expect(r).toEqual({ userVersion: latest, journal: "wal", state: "ACTIVE", promptVersion: 1 });
    const db = openDatabase(join(dir, "kis-agent.sim.sqlite"));
    expect(db.raw.prepare("SELECT COUNT(*) FROM prompt_versions").pluck().get()).toBe(1);
    db.close();
  }, 120_000);
});
