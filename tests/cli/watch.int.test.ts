/**
 * `kis-agent watch` and `kis-agent ticks export` as a user runs them: a child process over the
 * in-process simulator with DATA_DIR in a temp dir; the printed indicators are checked against a
 * textbook recomputation from the printed trades, and the recorded ticks against the lines.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../fakes/cli-process.js";
import { openDatabase } from "../../db/database.js";
import { closeTo, textbookIndicators } from "../integration/textbook-indicators.js";

interface WatchLine {
  time: string;
  symbol: string;
  priceKrw: number;
  volume: number;
  ma5: number | null;
  rsi14: number | null;
  stochK: number | null;
  stochD: number | null;
  volumeRatio: number | null;
}

let dir: string;

async function cli(args: string[]): ReturnType<typeof runCli> {
  const env = { DATA_DIR: dir, KIS_SIM_START: "2026-11-23T10:00:00+09:00", KIS_SIM_SPEED: "10", LOG_LEVEL: "warn" };
  return runCli([...args], env);
}

let watch: Awaited<ReturnType<typeof runCli>>;
let lines: WatchLine[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "watch-cli-"));
  watch = await cli(["watch", "005930", "--seconds", "5", "--json"]);
  lines = watch.stdout
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as WatchLine);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("kis-agent watch --json", () => {
  it("prints one line per trade whose indicators match a recomputation from the printed trades, and exits 0", () => {
    expect(watch.code).toBe(0);
    expect(lines.length).toBeGreaterThanOrEqual(25);
    expect(new Set(lines.map((l) => l.symbol))).toEqual(new Set(["005930"]));
    const times = lines.map((l) => Date.parse(l.time));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    lines.forEach((line, i) => {
      const expected = textbookIndicators(
        lines.slice(0, i + 1).map((l) => l.priceKrw),
        lines.slice(0, i + 1).map((l) => l.volume),
      );
      for (const [name, value] of Object.entries(expected)) {
        const got = line[name as keyof typeof expected];
        expect({ i, name, got, value, close: closeTo(got, value) }).toMatchObject({ close: true });
      }
    });
    expect(lines.at(-1)?.rsi14).not.toBeNull();
  });

  it("flushes every printed trade to the ticks table before it exits", () => {
    const db = openDatabase(join(dir, "kis-agent.sim.sqlite"));
    try {
      const prices = db.raw.prepare("SELECT current_price FROM ticks WHERE stock_code = '005930' ORDER BY time_ms, rowid").pluck().all();
      expect(prices).toEqual(lines.map((l) => l.priceKrw));
    } finally {
      db.close();
    }
  });

  it("refuses a malformed code with a clear error", async () => {
    const bad = await cli(["watch", "5930"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("DATA_INVALID: Expected 6-character KRX codes such as 005930, received '5930'");
  });
});

describe("kis-agent ticks export", () => {
  it("writes the day's seed-format CSV from the recorded ticks and lists it", async () => {
    const out = join(dir, "csv");
    const res = await cli(["ticks", "export", "--date", "20261123", "--out", out, "--json"]);
    expect(res.code).toBe(0);
    const path = join(out, "005930_44indicators_realtime_20261123.csv");
    expect(JSON.parse(res.stdout)).toMatchObject({
      date: "20261123",
      directory: out,
      files: [{ symbol: "005930", path, rows: lines.length }],
    });
    const csv = readFileSync(path, "utf8").trimEnd().split("\n");
    expect(csv).toHaveLength(lines.length + 1);
    expect(csv.slice(1).map((row) => Number(row.split(",")[2]))).toEqual(lines.map((l) => l.priceKrw));
  });

  it("rejects an impossible date and writes nothing", async () => {
    const out = join(dir, "none");
    const res = await cli(["ticks", "export", "--date", "20261131", "--out", out]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("received '20261131'");
    expect(() => readFileSync(join(out, "005930_44indicators_realtime_20261131.csv"))).toThrow();
  });
});
