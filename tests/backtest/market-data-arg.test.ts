/**
 * `--data` for backtests and evaluations: each source with its path and defaults, the errors a
 * mistyped command gets, and the recorded market's check that it covers the period and the watchlist.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { marketDataArg } from "../../cli/market-data-arg.js";
import { loadConfig } from "../../core/config.js";
import { tradedMarket } from "../../runtime/backtest.js";
import { writeTickCsv } from "../market/tick-rows.js";

let dir: string;
const config = () => loadConfig({ DATA_DIR: dir, KIS_ENV: "sim" });
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "market-data-arg-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("--data", () => {
  it("defaults to the generated market and refuses a path after it", () => {
    expect(marketDataArg({}, [], config())).toEqual({ kind: "generated" });
    expect(() => marketDataArg({ data: "generated" }, ["x"], config())).toThrow("--data generated takes no path");
  });

  it("csv needs an existing directory and takes DATA_DIR/history for past daily bars when present", () => {
    expect(() => marketDataArg({ data: "csv" }, [], config())).toThrow("--data csv needs the directory");
    expect(() => marketDataArg({ data: "csv" }, [join(dir, "absent")], config())).toThrow(/no directory at .*absent/);
    const csv = join(dir, "csv");
    mkdirSync(csv);
    expect(marketDataArg({ data: "csv" }, [csv], config())).toEqual({ kind: "csv", dir: csv });
    mkdirSync(join(dir, "history"));
    expect(marketDataArg({ data: "csv" }, [csv], config())).toEqual({ kind: "csv", dir: csv, historyDir: join(dir, "history") });
    expect(marketDataArg({ data: "csv", history: csv }, [csv], config())).toEqual({ kind: "csv", dir: csv, historyDir: csv });
  });

  it("recorded defaults to this mode's ledger file; history to DATA_DIR/history", () => {
    expect(() => marketDataArg({ data: "recorded" }, [], config())).toThrow(/no ledger file at .*kis-agent\.sim\.sqlite/);
    writeFileSync(join(dir, "kis-agent.sim.sqlite"), "");
    expect(marketDataArg({ data: "recorded" }, [], config())).toEqual({ kind: "recorded", dbPath: join(dir, "kis-agent.sim.sqlite") });
    expect(() => marketDataArg({ data: "history" }, [], config())).toThrow(/history fetch/);
    mkdirSync(join(dir, "history"));
    expect(marketDataArg({ data: "history" }, [], config())).toEqual({ kind: "history", dir: join(dir, "history") });
  });

  it("names the mistake: an unknown source, two paths, --history with the wrong source", () => {
    expect(() => marketDataArg({ data: "live" }, [], config())).toThrow(
      "--data must be generated, recorded, csv or history, received 'live'",
    );
    expect(() => marketDataArg({ data: "csv" }, ["a", "b"], config())).toThrow("--data takes one path, received 'a b'");
    expect(() => marketDataArg({ data: "history", history: dir }, [], config())).toThrow("--history goes with --data recorded or csv");
  });
});

describe("a recorded market for a backtest", () => {
  const print = { time: "090000", price: 71_000, volume: 10 };
  beforeEach(() => {
    writeTickCsv(dir, "005930", "20261019", [print]);
    writeTickCsv(dir, "000660", "20261019", [{ ...print, price: 215_000 }]);
    writeTickCsv(dir, "005930", "20261020", [print]);
  });

  it("trades the recorded codes, the caller's WATCHLIST narrowing them", () => {
    const spec = { kind: "csv" as const, dir };
    expect(tradedMarket(spec, 42, ["20261019"], undefined)).toEqual({ spec, data: `csv ${dir}`, seed: null, watchlist: "000660,005930" });
    expect(tradedMarket(spec, 42, ["20261019"], "005930").watchlist).toBe("005930");
    expect(() => tradedMarket(spec, 42, ["20261019"], "005930,035420")).toThrow(/WATCHLIST names 035420, which csv .* does not hold/);
  });

  it("refuses a period with a day the recording does not cover, naming what it covers", () => {
    expect(() => tradedMarket({ kind: "csv", dir }, 42, ["20261019", "20261020", "20261021"], undefined)).toThrow(
      /has no prints for 20261021; it covers 20261019–20261020 \(2 day\(s\)\): narrow --from\/--to/,
    );
  });

  it("the generated market keeps its seed and the caller's watchlist", () => {
    expect(tradedMarket(undefined, 7, ["20261019"], "005930")).toEqual({ spec: { kind: "generated" }, data: "generated", seed: 7 });
  });
});
