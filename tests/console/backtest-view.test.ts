import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { lastBacktest } from "../../console/backtest-view.js";
import { REPORT, writeBacktestReport } from "./backtest-fixture.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "console-backtest-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("the overview's last backtest", () => {
  it("is absent until a backtest wrote DATA_DIR/backtest/report.json", () => {
    expect(lastBacktest(dir)).toEqual({ backtest: null, backtestError: null });
  });

  it("shows the headline figures and the curves in KRW from the starting value", () => {
    const file = writeBacktestReport(dir);
    const { backtest, backtestError } = lastBacktest(dir);
    expect(backtestError).toBeNull();
    expect(backtest).toMatchObject({
      file,
      from: "20261019",
      to: "20261020",
      seed: 42,
      prompt: { version: 2 },
      totalReturnPct: REPORT.performance.totalReturnPct,
      buyAndHoldPct: 0.61,
      kospiPct: -3.9,
      trades: 6,
      equity: {
        dates: ["start", "2026-10-19", "2026-10-20"],
        account: [100_000_000, 100_500_000, 100_830_000],
        buyAndHold: [100_000_000, 100_400_000, 100_610_000],
        kospi: [100_000_000, 97_000_000, 96_100_000],
      },
    });
  });

  it("a file it cannot read is reported with its path, not shown half", () => {
    const file = writeBacktestReport(dir, '{"from": "2026');
    const { backtest, backtestError } = lastBacktest(dir);
    expect(backtest).toBeNull();
    expect(backtestError).toContain(file);
  });
});
